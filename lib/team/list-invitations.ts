import type { DbOrTx } from "@/db/client";
import { listOpenInvitations } from "@/db/queries/users";
import type { OpenInvitation } from "./schemas";

export async function listInvitations(db: DbOrTx, { accountId }: { accountId: string }): Promise<OpenInvitation[]> {
  const rows = await listOpenInvitations(db, { accountId });
  return rows.map((row) => ({ id: row.id, email: row.email, created_at: row.createdAt.toISOString(), expires_at: row.expiresAt.toISOString() }));
}
