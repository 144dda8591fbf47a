import { getDb } from "@/db/client";
import { countItemsByStatus, lockBatchForAccount, markBatchCancelRequested } from "@/db/queries/batches";
import { microsToDollars } from "@/lib/billing/pricing";
import { AppError } from "@/lib/errors";
import { cancelQueuedItemsInTx, removeCancelledLeftovers } from "./cancel-queued-items";
import type { BatchStateResponse } from "./schemas";

/**
 * PUT /v1/batches/{id}/state {"state": "cancelled"}. Queued items are cancelled and refunded;
 * items already running finish (succeed, or fail and are refunded). The batch turns
 * `cancelled` once none runs, at once when none did. Repeating the cancel changes nothing,
 * and cancelling a batch that already ended is a no-op that answers with its final status.
 */
export async function cancelBatch({ accountId, batchId }: { accountId: string; batchId: string }): Promise<BatchStateResponse["data"]> {
  const db = getDb();
  const outcome = await db.transaction(async (tx) => {
    const locked = await lockBatchForAccount(tx, { accountId, batchId });
    if (!locked) return null;
    await markBatchCancelRequested(tx, { batchId });
    const leftovers = await cancelQueuedItemsInTx(tx, { batchId });
    const after = await lockBatchForAccount(tx, { accountId, batchId });
    const counts = await countItemsByStatus(tx, { batchId });
    return { leftovers, batch: after!, counts };
  });
  if (!outcome) throw new AppError("not_found", `Batch '${batchId}' not found.`);
  await removeCancelledLeftovers(outcome.leftovers);
  const { batch, counts, leftovers } = outcome;
  return {
    batch_id: batch.id,
    status: batch.status,
    cancelled_at: batch.cancelledAt?.toISOString() ?? null,
    completed_at: batch.completedAt?.toISOString() ?? null,
    cancelled_items: leftovers.cancelled.length,
    refunded: microsToDollars(leftovers.cancelled.reduce((sum, i) => sum + i.chargedMicros, 0)),
    counts,
  };
}
