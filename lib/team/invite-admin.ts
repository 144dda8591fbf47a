import type { DbOrTx } from "@/db/client";
import { createInvitation } from "@/lib/auth/invitations";
import type { CreatedInvitation } from "./schemas";

/**
 * No email is sent: the owner passes the link on. The page puts its own origin in front of
 * `path`, so the link matches the address people actually reach Tessera at.
 */
export async function inviteAdmin(db: DbOrTx, input: { accountId: string; email: string; invitedByUserId: string }): Promise<CreatedInvitation> {
  const invitation = await createInvitation(db, input);
  return {
    id: invitation.id,
    email: invitation.email,
    created_at: new Date().toISOString(),
    expires_at: invitation.expiresAt.toISOString(),
    path: `/invite/${invitation.token}`,
  };
}
