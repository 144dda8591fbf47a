import { getDb } from "@/db/client";
import { requeueExpiredItems } from "@/db/queries/items";
import { ITEM_MAX_ATTEMPTS } from "@/lib/constants";
import { cancelQueuedItemsIfCancelled } from "@/lib/batches/cancel-queued-items";
import { failItem } from "@/lib/pipeline/fail-item";
import { enqueueItems } from "./index";

/**
 * Items whose worker died mid-way (its lease lapsed without a heartbeat) go back to the
 * queue with a fresh job; an item that has already used every attempt (say, a file that
 * crashes any worker) fails and is refunded instead. Safe to run from every worker at once.
 */
export async function sweepExpiredItems({ sweeperId }: { sweeperId: string }): Promise<number> {
  const db = getDb();
  const expired = await db.transaction(async (tx) => {
    const rows = await requeueExpiredItems(tx, { sweeperId });
    await enqueueItems(tx, rows.filter((r) => r.attempts < ITEM_MAX_ATTEMPTS).map((r) => r.id));
    return rows;
  });
  for (const row of expired.filter((r) => r.attempts >= ITEM_MAX_ATTEMPTS)) {
    // What is known: no heartbeat came for a lease's length, each time. A worker that died and
    // one held so long by this file that it could not heartbeat look the same from here.
    await failItem({
      itemId: row.id,
      code: "processing_error",
      message: `Processing this file lost its worker on all ${ITEM_MAX_ATTEMPTS} attempts (the worker stopped, or was held past its lease without a heartbeat); it was not retried again.`,
    });
  }
  // A cancelled batch never starts these again: cancel and refund them instead.
  for (const batchId of new Set(expired.map((r) => r.batchId))) await cancelQueuedItemsIfCancelled({ batchId });
  return expired.length;
}
