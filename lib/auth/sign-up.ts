import type { Database } from "@/db/client";
import { insertAccount } from "@/db/queries/accounts";
import { countAccounts, getUserByEmail, insertUser } from "@/db/queries/users";
import { AppError } from "@/lib/errors";
import { env } from "@/lib/env";
import { newId } from "@/lib/ids";
import { hashPassword } from "./password";
import type { SignUpBody } from "./schemas";

/** The first user of a new account is its owner; admins join later by invitation. */
export async function signUp(db: Database, input: SignUpBody): Promise<{ userId: string; accountId: string }> {
  const passwordHash = await hashPassword(input.password);
  return db.transaction(async (tx) => {
    if (env.ALLOW_SIGNUP === "false" && (await countAccounts(tx)) > 0) {
      throw new AppError("forbidden", "Sign-up is closed on this Tessera: ask an owner for an invitation.");
    }
    if (await getUserByEmail(tx, { email: input.email })) {
      throw new AppError("validation_error", "An account already uses this email: sign in instead.", { field: "email" });
    }
    const account = await insertAccount(tx, { id: newId("acct"), name: input.accountName });
    const user = await insertUser(tx, { id: newId("user"), accountId: account.id, email: input.email, name: input.name, passwordHash, role: "owner" });
    return { userId: user.id, accountId: account.id };
  });
}
