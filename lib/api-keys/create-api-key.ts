import type { DbOrTx } from "@/db/client";
import { insertApiKey } from "@/db/queries/accounts";
import { newId } from "@/lib/ids";
import { CAPABILITIES, generateApiKey, type Capability } from "./generate-api-key";

/** Returns the secret once; only its hash and prefix are stored. */
export async function createApiKey(
  db: DbOrTx,
  { accountId, name, capabilities = [...CAPABILITIES] }: { accountId: string; name: string; capabilities?: Capability[] },
) {
  const { secret, prefix, hash } = generateApiKey();
  const row = await insertApiKey(db, { id: newId("key"), accountId, name, prefix, hash, capabilities });
  return { id: row.id, name: row.name, prefix, capabilities: row.capabilities, secret };
}
