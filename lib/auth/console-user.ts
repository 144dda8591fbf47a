import { getDb } from "@/db/client";
import { getAccountById } from "@/db/queries/accounts";
import { getUserById } from "@/db/queries/users";
import { auth } from "./auth";

/** The signed-in user and account for a console page, or null (the page then sends them to sign in). */
export async function getConsoleUser() {
  const session = await auth();
  if (!session?.user?.id) return null;
  const db = getDb();
  const user = await getUserById(db, { id: session.user.id });
  if (!user) return null;
  const account = await getAccountById(db, { id: user.accountId });
  return { id: user.id, email: user.email, name: user.name, role: user.role, accountId: user.accountId, accountName: account?.name ?? "" };
}
