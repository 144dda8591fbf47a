import type { DbOrTx } from "@/db/client";
import { listApiKeysOfAccount } from "@/db/queries/accounts";
import type { ApiKeySummary } from "./schemas";

export async function listApiKeys(db: DbOrTx, { accountId }: { accountId: string }): Promise<ApiKeySummary[]> {
  const rows = await listApiKeysOfAccount(db, { accountId });
  return rows.map((row) => ({
    id: row.id,
    name: row.name,
    prefix: row.prefix,
    capabilities: row.capabilities,
    created_at: row.createdAt.toISOString(),
    last_used_at: row.lastUsedAt?.toISOString() ?? null,
    revoked_at: row.revokedAt?.toISOString() ?? null,
  }));
}
