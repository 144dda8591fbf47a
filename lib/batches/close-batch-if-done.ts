import type { Tx } from "@/db/client";
import { finalizeBatchIfDone } from "@/db/queries/items";
import { enqueueBatchClosed } from "@/lib/jobs";
import { planBatchWebhooks } from "@/lib/webhooks/plan-batch-webhooks";

/**
 * Closes the batch when its last item ended and, in the same transaction, queues what a
 * closed batch triggers (its webhooks): the close and its announcement commit together, so
 * a crash can neither lose the webhook nor send one for a batch that did not close.
 * The caller holds the batch row lock (lockBatch).
 */
export async function closeBatchIfDone(tx: Tx, { batchId }: { batchId: string }): Promise<boolean> {
  const closed = await finalizeBatchIfDone(tx, { batchId });
  if (!closed) return false;
  const deliveries = await planBatchWebhooks(tx, { batchId });
  await enqueueBatchClosed(tx, { ...closed, deliveries });
  return true;
}
