import type { DbOrTx } from "@/db/client";
import { revokeApiKey as revokeApiKeyRow } from "@/db/queries/accounts";
import { AppError } from "@/lib/errors";

/** Revoking works once: an unknown, already revoked or another account's key is a 404. */
export async function revokeApiKey(db: DbOrTx, { accountId, id }: { accountId: string; id: string }): Promise<{ id: string; revoked: true }> {
  if (!(await revokeApiKeyRow(db, { accountId, id }))) throw new AppError("not_found", "No active API key with this id in your account.");
  return { id, revoked: true };
}
