import type { DbOrTx } from "@/db/client";
import { revokeInvitation as revokeInvitationRow } from "@/db/queries/users";
import { AppError } from "@/lib/errors";

/** An accepted, already revoked or another account's invitation is a 404. */
export async function revokeInvitation(db: DbOrTx, { accountId, id }: { accountId: string; id: string }): Promise<{ id: string; revoked: true }> {
  if (!(await revokeInvitationRow(db, { accountId, id }))) throw new AppError("not_found", "No open invitation with this id in your account.");
  return { id, revoked: true };
}
