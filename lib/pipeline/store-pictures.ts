import type { BatchItemRow } from "@/db/queries/batches";
import type { MediaCategory } from "@/lib/constants";
import { deleteMediaVectors, replaceMediaVectors } from "@/lib/vectors/chroma";
import type { ExtractedPicture } from "./types";

/**
 * Writes an item's picture vectors to the collection's visual space, replacing any from an
 * earlier run. Ids are `${mediaId}:v${i}` and chunk_index is the picture's index, so a retry
 * upserts the same ids and pictures beyond the new count are removed. With no picture
 * vectors (none extracted, or the visual space off) old ones are removed all the same.
 * Returns how many vectors were written.
 */
export async function storePictureVectors({
  item,
  collection,
  category,
  pictures,
  embeddings,
  userMetadata,
  mediaCreatedAt,
}: {
  item: Pick<BatchItemRow, "accountId" | "batchId" | "filename"> & { mediaId: string };
  collection: { id: string; name: string };
  category: MediaCategory;
  pictures: ExtractedPicture[];
  embeddings: number[][];
  userMetadata: Record<string, string | number | boolean>;
  mediaCreatedAt: number;
}): Promise<number> {
  const { mediaId } = item;
  const target = { accountId: item.accountId, collectionRowId: collection.id, space: "visual" as const, mediaId };
  if (embeddings.length === 0) {
    await deleteMediaVectors(target);
    return 0;
  }
  if (embeddings.length !== pictures.length) throw new Error(`${pictures.length} pictures but ${embeddings.length} picture vectors`);
  await replaceMediaVectors({
    ...target,
    records: pictures.map((picture, i) => ({
      id: `${mediaId}:v${i}`,
      embedding: embeddings[i]!,
      document: picture.label ?? "",
      metadata: {
        ...userMetadata,
        media_id: mediaId,
        batch_id: item.batchId,
        collection: collection.name,
        filename: item.filename,
        media_type: category,
        chunk_index: i,
        created_at: mediaCreatedAt,
        ...(picture.label !== undefined && { label: picture.label.slice(0, 200) }),
        ...(picture.startS !== undefined && { start_s: picture.startS }),
      },
    })),
  });
  return embeddings.length;
}
