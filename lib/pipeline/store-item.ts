import { getDb } from "@/db/client";
import type { BatchItemRow } from "@/db/queries/batches";
import { getMediaRow, holdsItem, lockBatch, markItemSucceeded, storeMediaContent, type ChunkRow } from "@/db/queries/items";
import { closeBatchIfDone } from "@/lib/batches/close-batch-if-done";
import { settleDuplicates } from "@/lib/batches/settle-duplicates";
import type { MediaCategory } from "@/lib/constants";
import { deleteMediaVectors, replaceMediaVectors } from "@/lib/vectors/chroma";
import type { Chunk } from "./chunk";
import { storePictureVectors } from "./store-pictures";
import type { Extraction } from "./types";

export class LeaseLostError extends Error {}

export interface StoreItemInput {
  item: BatchItemRow & { mediaId: string };
  collection: { id: string; name: string };
  category: MediaCategory;
  chunks: Chunk[];
  embeddings: number[][];
  /** One per extraction.pictures entry, in order; empty when the visual space is off. */
  pictureEmbeddings: number[][];
  extraction: Extraction;
  userMetadata: Record<string, string | number | boolean>;
  /** Unix seconds the media was first created: lets search filter by created_after in Chroma. */
  mediaCreatedAt: number;
  workerId: string;
}

/**
 * Vectors first (deterministic ids, so a retry overwrites), then chunks, media and item in
 * one transaction that only commits while this worker still owns the item.
 */
export async function storeItem({ item, collection, category, chunks, embeddings, pictureEmbeddings, extraction, userMetadata, mediaCreatedAt, workerId }: StoreItemInput) {
  const { mediaId } = item;
  const lease = { workerId, attempt: item.attempts };
  // A run displaced while it extracted or embedded writes nothing (the usual case is caught
  // here; one displaced between this check and its commit is undone below).
  if (!(await holdsItem(getDb(), { itemId: item.id, ...lease }))) throw new LeaseLostError(`item ${item.id} was taken over by another worker`);
  try {
    return await writeItem({ item: { ...item, mediaId }, collection, category, chunks, embeddings, pictureEmbeddings, extraction, userMetadata, mediaCreatedAt, workerId });
  } catch (error) {
    if (error instanceof LeaseLostError) await removeVectorsOfDroppedMedia(item.accountId, collection.id, mediaId);
    throw error;
  }
}

/**
 * After a displaced run wrote vectors: if the item ended without its media (it failed, or was
 * cancelled, and its media row was deleted), those vectors belong to nothing and would fill
 * search results that are then filtered out. A run that took the item over rewrites the same
 * vector ids itself.
 */
async function removeVectorsOfDroppedMedia(accountId: string, collectionRowId: string, mediaId: string): Promise<void> {
  if (await getMediaRow(getDb(), { mediaId })) return;
  for (const space of ["text", "visual"] as const) await deleteMediaVectors({ accountId, collectionRowId, space, mediaId }).catch(() => {});
}

async function writeItem({ item, collection, category, chunks, embeddings, pictureEmbeddings, extraction, userMetadata, mediaCreatedAt, workerId }: StoreItemInput) {
  const { mediaId } = item;
  const pictures = await storePictureVectors({ item, collection, category, pictures: extraction.pictures ?? [], embeddings: pictureEmbeddings, userMetadata, mediaCreatedAt });
  await replaceMediaVectors({
    accountId: item.accountId,
    collectionRowId: collection.id,
    space: "text",
    mediaId,
    records: chunks.map((chunk, i) => ({
      id: `${mediaId}:${chunk.index}`,
      embedding: embeddings[i]!,
      document: chunk.text,
      metadata: {
        ...userMetadata,
        media_id: mediaId,
        batch_id: item.batchId,
        collection: collection.name,
        filename: item.filename,
        media_type: category,
        chunk_index: chunk.index,
        created_at: mediaCreatedAt,
        ...(chunk.page !== undefined && { page: chunk.page }),
        ...(chunk.label !== undefined && { label: chunk.label.slice(0, 200) }),
        ...(chunk.startS !== undefined && { start_s: chunk.startS }),
        ...(chunk.endS !== undefined && { end_s: chunk.endS }),
      },
    })),
  });

  const rows: ChunkRow[] = chunks.map((c) => ({
    mediaId,
    accountId: item.accountId,
    collectionId: collection.id,
    chunkIndex: c.index,
    text: c.text,
    page: c.page ?? null,
    label: c.label ?? null,
    startS: c.startS ?? null,
    endS: c.endS ?? null,
    tokenCount: c.tokenCount,
  }));
  const metadata = { ...extraction.metadata, ...(extraction.skipped && { skipped: extraction.skipped }) };
  await getDb().transaction(async (tx) => {
    await lockBatch(tx, { batchId: item.batchId });
    const done = await markItemSucceeded(tx, { itemId: item.id, workerId, attempt: item.attempts, chunksWritten: rows.length, vectorsWritten: rows.length + pictures });
    // Our lease lapsed and another worker took the item: its run is authoritative.
    if (!done) throw new LeaseLostError(`item ${item.id} was taken over by another worker`);
    await storeMediaContent(tx, { mediaId, batchId: item.batchId, rows, metadata });
    await settleDuplicates(tx, { originalItemId: item.id, batchId: item.batchId, outcome: { succeeded: true } });
    await closeBatchIfDone(tx, { batchId: item.batchId });
  });
  return rows.length;
}
