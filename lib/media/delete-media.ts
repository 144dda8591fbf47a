import { getDb } from "@/db/client";
import { lockAccountBalance } from "@/db/queries/ledger";
import { deleteMediaRows, getMediaForAccount } from "@/db/queries/media";
import { AppError } from "@/lib/errors";
import { deleteVectorsOfMedia } from "@/lib/vectors/chroma";
import { assertNotProcessing } from "./assert-not-processing";
import { deleteMediaPreviews } from "./media-previews";

/**
 * DELETE /v1/media/{id}: vectors (every embedding space), chunks, the media row and its previews.
 *
 * Vectors go first, then the rows in one transaction: a crash in between leaves a media row
 * without vectors (a retry finishes the job; deleting vectors twice is a no-op), never vectors
 * of a deleted media that a search could still return.
 */
export async function deleteMedia({ accountId, mediaId }: { accountId: string; mediaId: string }): Promise<{ media_id: string; deleted: true }> {
  const db = getDb();
  const found = await getMediaForAccount(db, { accountId, mediaId });
  if (!found) throw new AppError("not_found", `Media '${mediaId}' not found.`);
  await assertNotProcessing(db, { mediaIds: [mediaId] });
  await deleteVectorsOfMedia({ collectionRowId: found.media.collectionId, mediaIds: [mediaId] });

  await db.transaction(async (tx) => {
    // The account lock serialises with createBatch (which may queue a force_overwrite re-run of
    // this media) and with moves, so the checks below see what they committed.
    await lockAccountBalance(tx, { accountId });
    const current = await getMediaForAccount(tx, { accountId, mediaId });
    if (!current) throw new AppError("not_found", `Media '${mediaId}' not found.`);
    await assertNotProcessing(tx, { mediaIds: [mediaId] });
    if (current.media.collectionId !== found.media.collectionId) {
      // Moved meanwhile: its vectors now live in the other collection.
      await deleteVectorsOfMedia({ collectionRowId: current.media.collectionId, mediaIds: [mediaId] });
    }
    await deleteMediaRows(tx, { accountId, mediaIds: [mediaId] });
  });
  await deleteMediaPreviews({ accountId, mediaIds: [mediaId] });
  return { media_id: mediaId, deleted: true };
}
