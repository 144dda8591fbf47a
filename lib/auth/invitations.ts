import { createHash } from "node:crypto";
import type { Database, DbOrTx } from "@/db/client";
import { getOpenInvitationByTokenHash, getUserByEmail, insertInvitation, insertUser, listUsers, markInvitationAccepted } from "@/db/queries/users";
import { INVITATION_TTL_HOURS } from "@/lib/constants";
import { AppError } from "@/lib/errors";
import { newId, randomToken } from "@/lib/ids";
import { hashPassword } from "./password";
import type { AcceptInvitationBody } from "./schemas";

const hashToken = (token: string) => createHash("sha256").update(token).digest("hex");

/** The token is shown once, in the link the owner passes on; only its hash is kept. */
export async function createInvitation(db: DbOrTx, { accountId, email, invitedByUserId }: { accountId: string; email: string; invitedByUserId: string | null }) {
  if (await getUserByEmail(db, { email })) {
    throw new AppError("validation_error", "This email already belongs to a Tessera user.", { field: "email" });
  }
  const token = randomToken(40);
  const expiresAt = new Date(Date.now() + INVITATION_TTL_HOURS * 3600_000);
  const row = await insertInvitation(db, { id: newId("inv"), accountId, email, tokenHash: hashToken(token), invitedByUserId, expiresAt });
  return { id: row.id, email: row.email, expiresAt: row.expiresAt, token };
}

export async function describeInvitation(db: DbOrTx, { token }: { token: string }) {
  const found = await getOpenInvitationByTokenHash(db, { tokenHash: hashToken(token) });
  if (!found) throw new AppError("not_found", "This invitation is unknown, used or expired: ask for a new one.");
  return { email: found.invitation.email, accountName: found.accountName };
}

/**
 * Joins the inviting account as an admin; the invitation works once. The first user of an
 * account made by the operator CLI (which has no users) becomes its owner.
 */
export async function acceptInvitation(db: Database, input: AcceptInvitationBody): Promise<{ email: string }> {
  const passwordHash = await hashPassword(input.password);
  return db.transaction(async (tx) => {
    const found = await getOpenInvitationByTokenHash(tx, { tokenHash: hashToken(input.token) });
    if (!found) throw new AppError("not_found", "This invitation is unknown, used or expired: ask for a new one.");
    const { invitation } = found;
    if (await getUserByEmail(tx, { email: invitation.email })) {
      throw new AppError("validation_error", "This email already belongs to a Tessera user: sign in instead.");
    }
    const role = (await listUsers(tx, { accountId: invitation.accountId })).length === 0 ? "owner" : "admin";
    await insertUser(tx, { id: newId("user"), accountId: invitation.accountId, email: invitation.email, name: input.name, passwordHash, role });
    await markInvitationAccepted(tx, { id: invitation.id });
    return { email: invitation.email };
  });
}
