import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { TeamView } from "@/components/team/team-view";
import { getConsoleUser } from "@/lib/auth/console-user";

export const metadata: Metadata = { title: "Team · Tessera" };

export default async function TeamPage() {
  const user = await getConsoleUser();
  if (!user) redirect("/sign-in");
  return <TeamView currentUserId={user.id} isOwner={user.role === "owner"} accountName={user.accountName} />;
}
