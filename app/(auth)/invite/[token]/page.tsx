import type { Metadata } from "next";
import Link from "next/link";
import { getDb } from "@/db/client";
import { AcceptInvitationForm } from "@/components/console/auth-forms";
import { describeInvitation } from "@/lib/auth/invitations";
import { AppError } from "@/lib/errors";

export const metadata: Metadata = { title: "Accept an invitation · Tessera" };
export const dynamic = "force-dynamic";

export default async function InvitePage({ params }: { params: Promise<{ token: string }> }) {
  const { token } = await params;
  const found = await describeInvitation(getDb(), { token }).catch((error) => {
    if (error instanceof AppError) return null;
    throw error;
  });
  if (!found) {
    return (
      <div className="space-y-3">
        <h1 className="text-xl font-semibold">This invitation cannot be used</h1>
        <p className="text-sm text-slate-600">It is unknown, already used or expired. Ask the account owner for a new link.</p>
        <Link href="/sign-in" className="text-sm font-medium text-indigo-700 underline">
          Sign in
        </Link>
      </div>
    );
  }
  return <AcceptInvitationForm token={token} email={found.email} accountName={found.accountName} />;
}
