import { getDb } from "@/db/client";
import { requeueExpiredItems } from "@/db/queries/items";
import { ITEM_MAX_ATTEMPTS, ITEM_MAX_LOST_WORKERS } from "@/lib/constants";
import { cancelQueuedItemsIfCancelled } from "@/lib/batches/cancel-queued-items";
import { failItem } from "@/lib/pipeline/fail-item";
import { enqueueItems } from "./index";

type Expired = { attempts: number; lostWorkers: number };

/**
 * The poison-item rule: an item whose worker died or froze under it is tried once more; the
 * second loss ends it (a file that crashes every worker would otherwise take down the next
 * one, and every account's queue with it). Other failures keep their ITEM_MAX_ATTEMPTS.
 */
export function isPoison({ attempts, lostWorkers }: Expired): boolean {
  return lostWorkers >= ITEM_MAX_LOST_WORKERS || attempts >= ITEM_MAX_ATTEMPTS;
}

/**
 * Items whose worker died mid-way (its lease lapsed without a heartbeat) go back to the
 * queue with a fresh job, unless they are poison: then they fail and are refunded. Safe to
 * run from every worker at once.
 */
export async function sweepExpiredItems({ sweeperId }: { sweeperId: string }): Promise<number> {
  const db = getDb();
  const expired = await db.transaction(async (tx) => {
    const rows = await requeueExpiredItems(tx, { sweeperId });
    await enqueueItems(tx, rows.filter((r) => !isPoison(r)).map((r) => r.id));
    return rows;
  });
  for (const row of expired.filter(isPoison)) {
    // What is known: no heartbeat came for a lease's length, each time. Parsing and the models
    // run off the worker's event loop, so that means the worker process died or froze whole.
    await failItem({
      itemId: row.id,
      code: "processing_error",
      message: `Processing this file stopped its worker on ${row.lostWorkers} of ${row.attempts} attempts (the worker process died or froze, with no heartbeat for a lease's length); it was not retried again.`,
    });
  }
  // A cancelled batch never starts these again: cancel and refund them instead.
  for (const batchId of new Set(expired.map((r) => r.batchId))) await cancelQueuedItemsIfCancelled({ batchId });
  return expired.length;
}
