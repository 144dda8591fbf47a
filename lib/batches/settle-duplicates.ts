import type { Tx } from "@/db/client";
import { lockBatch, markDuplicatesFailed, markDuplicatesSkipped } from "@/db/queries/items";
import { refundItem } from "@/lib/billing/refund-item";
import { closeBatchIfDone } from "./close-batch-if-done";

export type OriginalOutcome = { succeeded: true } | { succeeded: false; code: string; message: string };

/**
 * Inside the transaction that ended an original item: its waiting duplicates end as it ended,
 * skipped (free) beside content that now exists, or failed (refunded, though a duplicate is
 * charged nothing) so no batch completes pointing at media that never came to be. Each
 * duplicate's batch closes if that was its last open item; the caller closes its own batch.
 */
export async function settleDuplicates(tx: Tx, { originalItemId, batchId, outcome }: { originalItemId: string; batchId: string; outcome: OriginalOutcome }) {
  const ended = outcome.succeeded
    ? await markDuplicatesSkipped(tx, { originalItemId })
    : await markDuplicatesFailed(tx, {
        originalItemId,
        code: outcome.code,
        message: `The first copy of this file (item ${originalItemId}) did not finish: ${outcome.message}`,
      });
  if (!outcome.succeeded) for (const item of ended) await refundItem(tx, item);
  // Sorted, so two transactions settling across the same batches take their locks in one order.
  const others = [...new Set(ended.map((i) => i.batchId))].filter((id) => id !== batchId).sort();
  for (const other of others) {
    await lockBatch(tx, { batchId: other });
    await closeBatchIfDone(tx, { batchId: other });
  }
}
