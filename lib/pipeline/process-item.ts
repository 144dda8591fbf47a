import { mkdtemp, rm } from "node:fs/promises";
import path from "node:path";
import { eq } from "drizzle-orm";
import { getDb } from "@/db/client";
import type { BatchItemRow } from "@/db/queries/batches";
import { getCollectionByRowId } from "@/db/queries/collections";
import { vectorAttributes } from "@/lib/media/attributes";
import { getMediaRow } from "@/db/queries/items";
import { batches } from "@/db/schema";
import { DEFAULT_CHUNK_OVERLAP, DEFAULT_CHUNK_SIZE, type MediaCategory } from "@/lib/constants";
import { getTextEmbedder } from "@/lib/embeddings";
import { getBlobStore } from "@/lib/blob-store";
import { workerTempDir } from "@/lib/storage";
import { getMediaEmbeddingsByText } from "@/lib/vectors/chroma";
import { fitChunksToModel } from "./chunk";
import { embedChunkTexts, embedPictures } from "./embed-item";
import { extractInThread, isThreaded } from "./extract/extraction-pool";
import { EXTRACTORS } from "./extractors";
import { measureExtraction } from "./measure-extraction";
import { storeItem } from "./store-item";
import { storePreviews } from "./store-previews";
import { ItemError } from "./types";

export { LeaseLostError } from "./store-item";

interface BatchOptions {
  chunk_size?: number;
  chunk_overlap?: number;
  metadata?: Record<string, string | number | boolean>;
}

/**
 * detect -> extract -> chunk -> embed -> store for one claimed item. Idempotent: a re-run
 * replaces the item's chunks and vectors (deterministic vector ids), so a retry after a
 * crash never duplicates anything.
 */
export async function processItem(item: BatchItemRow, { workerId, signal }: { workerId: string; signal: AbortSignal }) {
  const db = getDb();
  const [batch] = await db.select().from(batches).where(eq(batches.id, item.batchId));
  const collection = batch && (await getCollectionByRowId(db, { id: batch.collectionId }));
  const { mediaId, uploadPath } = item;
  if (!batch || !collection || !mediaId) throw new ItemError("processing_error", "The item's batch or collection no longer exists.");
  const category = item.mediaType as MediaCategory;
  const extractor = EXTRACTORS[category];
  const store = getBlobStore();
  // On this worker's own disk: with an object store, workers share nothing but the services.
  const workDir = await mkdtemp(path.join(await workerTempDir(), `${item.id}-`));
  // Extractors want a path: an object store's upload is copied into the work dir first.
  const upload = uploadPath ? await store.toLocalFile(uploadPath, workDir).catch(() => null) : null;
  try {
    if (!upload) throw new ItemError("file_not_found", "The uploaded file is no longer available for processing.");
    if (!extractor) throw new ItemError("unsupported_media", `${category} files are not processed by this server yet.`);
    const input = { path: upload.path, extension: item.extension, filename: item.filename, workDir, signal };
    const options = batch.options as BatchOptions;
    const chunking = { chunkSize: options.chunk_size ?? DEFAULT_CHUNK_SIZE, chunkOverlap: options.chunk_overlap ?? DEFAULT_CHUNK_OVERLAP };
    // Text parsers run in an extraction thread (heap cap, deadline), which also checks the limits and chunks.
    const measured = isThreaded(category) ? await extractInThread(category, input, chunking) : measureExtraction(category, await extractor(input), chunking);
    const { extraction } = measured;
    const textEmbedder = await getTextEmbedder(collection.name);
    const chunks = fitChunksToModel(measured.chunks, textEmbedder.tokenLimit);
    if (chunks.length === 0) {
      const why = extraction.skipped?.length ? ` (${extraction.skipped.join("; ")})` : "";
      throw new ItemError("corrupt_media", `No text could be extracted from the file${why}.`);
    }

    signal.throwIfAborted();
    // A force_overwrite re-run of the same media: its unchanged chunks keep their vectors.
    const previous = batch.forceOverwrite ? () => getMediaEmbeddingsByText({ accountId: item.accountId, collectionRowId: collection.id, space: "text", mediaId }) : undefined;
    const embeddings = await embedChunkTexts(db, { collection, texts: chunks.map((c) => c.text), previous });
    signal.throwIfAborted();
    const pictureEmbeddings = await embedPictures(db, { collection, pictures: extraction.pictures ?? [] });
    signal.throwIfAborted();

    // Before the item is marked succeeded: a finished item always has its previews.
    await storePreviews({ accountId: item.accountId, mediaId, category, pictures: extraction.pictures ?? [] });
    const media = await getMediaRow(db, { mediaId });
    const mediaCreatedAt = Math.floor((media?.createdAt ?? new Date()).getTime() / 1000);
    const stored = await storeItem({ item: { ...item, mediaId }, collection, category, chunks, embeddings, pictureEmbeddings, extraction, userMetadata: vectorAttributes(media?.attributes ?? {}), mediaCreatedAt, workerId });
    await store.delete(uploadPath!).catch((error: unknown) => console.warn(`[worker] upload of ${item.id} not deleted (the sweep will): ${(error as Error).message}`));
    return { chunks: stored };
  } finally {
    await upload?.release();
    await rm(workDir, { recursive: true, force: true });
  }
}
