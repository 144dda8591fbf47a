import type { DbOrTx } from "@/db/client";
import { listUsers } from "@/db/queries/users";
import type { TeamMember } from "./schemas";

/** Everyone who can sign in to the account, oldest first (the owner who created it leads). */
export async function listMembers(db: DbOrTx, { accountId }: { accountId: string }): Promise<TeamMember[]> {
  const rows = await listUsers(db, { accountId });
  return rows.map((row) => ({ id: row.id, name: row.name, email: row.email, role: row.role, joined_at: row.createdAt.toISOString() }));
}
