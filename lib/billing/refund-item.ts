import type { Tx } from "@/db/client";
import { addBatchRefund } from "@/db/queries/items";
import { appendLedgerEntry } from "@/db/queries/ledger";

/**
 * Refunds what an item was charged. Call it only in the transaction that moved the item to
 * failed or cancelled: that conditional transition happens once per item, and a partial
 * unique index on refunds by item makes a second refund impossible even so.
 */
export async function refundItem(tx: Tx, item: { id: string; accountId: string; batchId: string; chargedMicros: number; filename: string }) {
  if (item.chargedMicros <= 0) return;
  await appendLedgerEntry(tx, {
    accountId: item.accountId,
    type: "refund",
    amountMicros: item.chargedMicros,
    batchId: item.batchId,
    itemId: item.id,
    description: `Refund: ${item.filename} was not processed`,
  });
  await addBatchRefund(tx, { batchId: item.batchId, micros: item.chargedMicros });
}
