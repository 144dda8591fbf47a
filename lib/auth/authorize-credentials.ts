import type { DbOrTx } from "@/db/client";
import { getUserByEmail } from "@/db/queries/users";
import { verifyAgainstDummy, verifyPassword } from "./password";
import { SignInBody } from "./schemas";

export interface SessionUser {
  id: string;
  email: string;
  name: string | null;
  accountId: string;
  role: "owner" | "admin";
}

/** null for any failure: the sign-in form says only "wrong email or password". */
export async function authorizeCredentials(db: DbOrTx, credentials: unknown): Promise<SessionUser | null> {
  const parsed = SignInBody.safeParse(credentials);
  if (!parsed.success) return null;
  const user = await getUserByEmail(db, { email: parsed.data.email });
  if (!user?.passwordHash) return verifyAgainstDummy(parsed.data.password).then(() => null);
  if (!(await verifyPassword(parsed.data.password, user.passwordHash))) return null;
  return { id: user.id, email: user.email, name: user.name, accountId: user.accountId, role: user.role };
}
