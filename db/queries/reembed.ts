import { and, asc, eq, gt } from "drizzle-orm";
import type { DbOrTx } from "../client";
import { chunks, collections, media } from "../schema";

/** One page of a collection's stored chunks, with what their vectors' metadata needs; keyset by chunk id. */
export async function chunksForReembed(db: DbOrTx, { collectionRowId, afterId, limit }: { collectionRowId: string; afterId: number; limit: number }) {
  return db
    .select({
      id: chunks.id,
      mediaId: chunks.mediaId,
      chunkIndex: chunks.chunkIndex,
      text: chunks.text,
      page: chunks.page,
      label: chunks.label,
      startS: chunks.startS,
      endS: chunks.endS,
      batchId: media.batchId,
      filename: media.filename,
      mediaType: media.mediaType,
      mediaCreatedAt: media.createdAt,
      attributes: media.attributes,
    })
    .from(chunks)
    .innerJoin(media, eq(media.id, chunks.mediaId))
    .where(and(eq(chunks.collectionId, collectionRowId), eq(media.status, "ready"), gt(chunks.id, afterId)))
    .orderBy(asc(chunks.id))
    .limit(limit);
}

/**
 * The swap at the end of a re-embedding: points the text space at the new model only if it
 * still records the model the run started from (another run may have swapped meanwhile).
 */
export async function swapTextModel(
  db: DbOrTx,
  { id, from, to }: { id: string; from: string; to: { provider: string; model: string; dimension: number } },
) {
  const rows = await db
    .update(collections)
    .set({ textProvider: to.provider, textModel: to.model, textDimension: to.dimension })
    .where(and(eq(collections.id, id), eq(collections.textModel, from)))
    .returning({ id: collections.id });
  return rows.length === 1;
}
