import type { Database } from "@/db/client";
import { insertAccount } from "@/db/queries/accounts";
import { countAccounts, getOpenInvitationByEmail, getUserByEmail, insertUser, markInvitationAccepted } from "@/db/queries/users";
import { env } from "@/lib/env";
import { newId } from "@/lib/ids";
import type { SessionUser } from "./authorize-credentials";

/**
 * An OAuth sign-in (providers verify the email) finds its user by email; a newcomer with an
 * open invitation joins that account as an admin, anyone else starts an account of their
 * own as its owner, unless sign-up is closed (then null: the sign-in is refused).
 */
export async function resolveOAuthUser(db: Database, { email, name }: { email: string; name: string | null }): Promise<SessionUser | null> {
  return db.transaction(async (tx) => {
    const existing = await getUserByEmail(tx, { email });
    if (existing) return { id: existing.id, email: existing.email, name: existing.name, accountId: existing.accountId, role: existing.role };
    const invitation = await getOpenInvitationByEmail(tx, { email });
    if (invitation) {
      const user = await insertUser(tx, { id: newId("user"), accountId: invitation.accountId, email, name, role: "admin" });
      await markInvitationAccepted(tx, { id: invitation.id });
      return { id: user.id, email, name, accountId: user.accountId, role: user.role };
    }
    if (env.ALLOW_SIGNUP === "false" && (await countAccounts(tx)) > 0) return null;
    const account = await insertAccount(tx, { id: newId("acct"), name: name ? `${name}'s account` : email });
    const user = await insertUser(tx, { id: newId("user"), accountId: account.id, email, name, role: "owner" });
    return { id: user.id, email, name, accountId: account.id, role: "owner" };
  });
}
