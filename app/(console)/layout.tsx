import { redirect } from "next/navigation";
import type { ReactNode } from "react";
import { ConsoleShell } from "@/components/console/console-shell";
import { Providers } from "@/components/console/providers";
import { getConsoleUser } from "@/lib/auth/console-user";

export const dynamic = "force-dynamic";

/** Every console page needs a live session whose user still exists. */
export default async function ConsoleLayout({ children }: { children: ReactNode }) {
  const user = await getConsoleUser();
  if (!user) redirect("/sign-in");
  return (
    <Providers>
      <ConsoleShell user={user}>{children}</ConsoleShell>
    </Providers>
  );
}
