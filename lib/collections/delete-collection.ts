import { getDb } from "@/db/client";
import { countActiveItemsInCollection, deleteCollectionRow, findCollectionByName } from "@/db/queries/collections";
import { lockAccountBalance } from "@/db/queries/ledger";
import { listMediaIdsInCollection } from "@/db/queries/media";
import { AppError } from "@/lib/errors";
import { deleteMediaPreviews } from "@/lib/media/media-previews";
import { dropCollectionVectors } from "@/lib/vectors/chroma";
import type { CollectionDeletedResponse } from "./schemas";

/**
 * DELETE /v1/media/collections/{id}: the collection with its media, chunks, batches, previews
 * and every space's vectors. Refused while any of its items is queued or processing: cancelling them
 * here would duplicate the batch-cancel path and its refunds, so the caller waits (or
 * cancels the batch) and retries. Ledger entries are kept: money history never goes.
 *
 * Vectors first (the Chroma collections are dropped), then the rows in one transaction: a
 * crash in between leaves rows without vectors, and a retry finishes the job.
 */
export async function deleteCollection({ accountId, name }: { accountId: string; name: string }): Promise<CollectionDeletedResponse> {
  const db = getDb();
  const collection = await findCollectionByName(db, { accountId, name });
  if (!collection) throw new AppError("not_found", `Collection '${name}' not found.`);
  await assertIdle(db, collection.id, name);
  await dropCollectionVectors({ collectionRowId: collection.id });

  const mediaIds = await db.transaction(async (tx) => {
    // Serialises with createBatch, which may just have queued items into this collection.
    await lockAccountBalance(tx, { accountId });
    await assertIdle(tx, collection.id, name);
    const ids = await listMediaIdsInCollection(tx, { collectionRowId: collection.id });
    if (!(await deleteCollectionRow(tx, { accountId, id: collection.id }))) throw new AppError("not_found", `Collection '${name}' not found.`);
    return ids;
  });
  // After the commit, like deleteMedia: files go only once no row can point at them.
  await deleteMediaPreviews({ accountId, mediaIds });
  return { success: true, data: { collection_id: name, deleted: true, media_deleted: mediaIds.length } };
}

async function assertIdle(db: Parameters<typeof countActiveItemsInCollection>[0], collectionRowId: string, name: string) {
  const active = await countActiveItemsInCollection(db, { collectionRowId });
  if (active > 0) {
    throw new AppError("validation_error", `Collection '${name}' still has ${active} item(s) queued or processing: retry once its batches have finished.`, {
      active_items: active,
    });
  }
}
