import type { Database } from "@/db/client";
import { insertAccount } from "@/db/queries/accounts";
import { appendLedgerEntry } from "@/db/queries/ledger";
import { createApiKey } from "@/lib/api-keys/create-api-key";
import { newId } from "@/lib/ids";

/** An account with an optional opening credit and its first API key (all capabilities). */
export async function createAccount(db: Database, { name, creditMicros = 0, keyName = "default" }: { name: string; creditMicros?: number; keyName?: string }) {
  return db.transaction(async (tx) => {
    const account = await insertAccount(tx, { id: newId("acct"), name });
    if (creditMicros > 0) {
      await appendLedgerEntry(tx, { accountId: account.id, type: "adjustment", amountMicros: creditMicros, description: "Opening credit" });
    }
    const key = await createApiKey(tx, { accountId: account.id, name: keyName });
    return { account, key };
  });
}
