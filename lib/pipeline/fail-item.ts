import { getDb } from "@/db/client";
import { deletePendingMedia, getItem, getMediaRow, lockBatch, markItemFailed } from "@/db/queries/items";
import { closeBatchIfDone } from "@/lib/batches/close-batch-if-done";
import { settleDuplicates } from "@/lib/batches/settle-duplicates";
import { refundItem } from "@/lib/billing/refund-item";
import { deleteMediaVectors } from "@/lib/vectors/chroma";
import { getBlobStore } from "@/lib/blob-store";

/**
 * Fails one item: marks it failed, refunds it and closes the batch if it was the last one,
 * in one transaction. The batch's other items are untouched. Returns false when the item
 * was no longer this worker's to fail (finished, or taken over after a lapsed lease).
 */
export async function failItem({ itemId, workerId, attempt, code, message }: { itemId: string; workerId?: string; attempt?: number; code: string; message: string }) {
  const outcome = await getDb().transaction(async (tx) => {
    const before = await getItem(tx, { itemId });
    if (!before) return null;
    await lockBatch(tx, { batchId: before.batchId });
    const uploadPath = before.uploadPath;
    const item = await markItemFailed(tx, { itemId, ...(workerId && { workerId }), attempt, code, message });
    if (!item) return null;
    await refundItem(tx, item);
    const media = item.mediaId && !item.duplicateOf ? await getMediaRow(tx, { mediaId: item.mediaId }) : null;
    const dropped = media?.status === "pending" && (await deletePendingMedia(tx, { mediaId: media.id })) ? media : null;
    // After the media row is locked (deleted): a submission racing this one either committed its
    // duplicates already, and they are settled here, or finds the media gone.
    if (!item.duplicateOf) await settleDuplicates(tx, { originalItemId: item.id, batchId: item.batchId, outcome: { succeeded: false, code, message } });
    await closeBatchIfDone(tx, { batchId: item.batchId });
    return { uploadPath, dropped };
  });
  if (!outcome) return false;
  // A failed delete leaves an unnamed upload, which removeStaleIncoming takes later.
  if (outcome.uploadPath) await getBlobStore().delete(outcome.uploadPath).catch(() => {});
  if (outcome.dropped) {
    // Vectors an earlier attempt may have written belong to a media row that no longer exists.
    const { id, accountId, collectionId } = outcome.dropped;
    for (const space of ["text", "visual"] as const) {
      await deleteMediaVectors({ accountId, collectionRowId: collectionId, space, mediaId: id }).catch(() => {});
    }
  }
  return true;
}
