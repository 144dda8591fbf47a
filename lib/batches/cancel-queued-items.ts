import { getDb, type Tx } from "@/db/client";
import { getBatchCancelledAt } from "@/db/queries/batches";
import { deletePendingMedia, getMediaRow, listQueuedUploadPaths, lockBatch, markQueuedItemsCancelled } from "@/db/queries/items";
import { closeBatchIfDone } from "./close-batch-if-done";
import { settleDuplicates } from "./settle-duplicates";
import { refundItem } from "@/lib/billing/refund-item";
import { deleteMediaVectors } from "@/lib/vectors/chroma";
import { getBlobStore } from "@/lib/blob-store";

export interface CancelledLeftovers {
  cancelled: Array<{ id: string; chargedMicros: number }>;
  uploadPaths: string[];
  droppedMedia: Array<{ id: string; accountId: string; collectionId: string }>;
}

/**
 * Inside a transaction that holds the batch row lock: cancels the batch's queued items and
 * refunds each. Money follows fail-item.ts: the conditional queued -> cancelled update moves
 * each item once, the refund rides in the same transaction, and the unique refund index
 * refuses a second one whatever happens.
 */
export async function cancelQueuedItemsInTx(tx: Tx, { batchId }: { batchId: string }): Promise<CancelledLeftovers> {
  const paths = await listQueuedUploadPaths(tx, { batchId });
  const items = await markQueuedItemsCancelled(tx, { batchId });
  const droppedMedia: CancelledLeftovers["droppedMedia"] = [];
  for (const item of items) {
    await refundItem(tx, item);
    // A waiting duplicate's media belongs to its original, still being made.
    const media = item.mediaId && !item.duplicateOf ? await getMediaRow(tx, { mediaId: item.mediaId }) : null;
    // A new file that never became content goes, so uploading it again is not a "duplicate".
    if (media?.status === "pending" && (await deletePendingMedia(tx, { mediaId: media.id }))) droppedMedia.push(media);
    const cancelled = { succeeded: false as const, code: "processing_error", message: "its batch was cancelled. Send this file again." };
    if (!item.duplicateOf) await settleDuplicates(tx, { originalItemId: item.id, batchId, outcome: cancelled });
  }
  await closeBatchIfDone(tx, { batchId });
  return {
    cancelled: items.map((i) => ({ id: i.id, chargedMicros: i.chargedMicros })),
    uploadPaths: items.map((i) => paths.get(i.id)).filter((p): p is string => Boolean(p)),
    droppedMedia,
  };
}

/** After the commit: files and vectors are outside the transaction. */
export async function removeCancelledLeftovers({ uploadPaths, droppedMedia }: CancelledLeftovers): Promise<void> {
  // A failed delete leaves an unnamed upload, which removeStaleIncoming takes later.
  await Promise.all(uploadPaths.map((p) => getBlobStore().delete(p).catch(() => {})));
  for (const media of droppedMedia) {
    // An earlier attempt that was handed back to the queue may have written vectors.
    await deleteMediaVectors({ accountId: media.accountId, collectionRowId: media.collectionId, space: "text", mediaId: media.id }).catch(() => {});
  }
}

/**
 * For workers: an item handed back to the queue (a retry, or a dead worker's lapsed lease)
 * after its batch was cancelled is never claimed again, so it is cancelled and refunded here.
 */
export async function cancelQueuedItemsIfCancelled({ batchId }: { batchId: string }): Promise<number> {
  const leftovers = await getDb().transaction(async (tx) => {
    await lockBatch(tx, { batchId });
    const batch = await getBatchCancelledAt(tx, { batchId });
    if (!batch?.cancelledAt) return null;
    return cancelQueuedItemsInTx(tx, { batchId });
  });
  if (!leftovers) return 0;
  await removeCancelledLeftovers(leftovers);
  return leftovers.cancelled.length;
}
