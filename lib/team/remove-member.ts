import type { DbOrTx } from "@/db/client";
import { deleteUser, getUserById } from "@/db/queries/users";
import { AppError } from "@/lib/errors";

/**
 * Removes an admin. An owner is never removed: the account would be left without anyone
 * allowed to manage it. The removed admin's next request fails (sessions re-read the user).
 */
export async function removeMember(db: DbOrTx, { accountId, id }: { accountId: string; id: string }): Promise<{ id: string; removed: true }> {
  const user = await getUserById(db, { id });
  if (!user || user.accountId !== accountId) throw new AppError("not_found", "No member with this id in your account.");
  if (user.role === "owner") throw new AppError("forbidden", "An owner cannot be removed.");
  if (!(await deleteUser(db, { accountId, id }))) throw new AppError("not_found", "No member with this id in your account.");
  return { id, removed: true };
}
