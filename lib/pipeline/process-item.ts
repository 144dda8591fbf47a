import { access, rm } from "node:fs/promises";
import { getDb } from "@/db/client";
import { claimTextModel, getCollectionByRowId } from "@/db/queries/collections";
import { finalizeBatchIfDone, lockBatch, markItemSucceeded, storeMediaContent, type ChunkRow } from "@/db/queries/items";
import type { BatchItemRow } from "@/db/queries/batches";
import { batches } from "@/db/schema";
import { eq } from "drizzle-orm";
import { CATEGORIES, DEFAULT_CHUNK_OVERLAP, DEFAULT_CHUNK_SIZE, type MediaCategory } from "@/lib/constants";
import { getTextEmbedder } from "@/lib/embeddings";
import { replaceMediaVectors } from "@/lib/vectors/chroma";
import { chunkSections } from "./chunk";
import { EXTRACTORS } from "./extractors";
import { countTokens } from "./tokens";
import { ItemError } from "./types";

export class LeaseLostError extends Error {}

/**
 * detect -> extract -> chunk -> embed -> store for one claimed item. Idempotent: a re-run
 * replaces the item's chunks and vectors (deterministic vector ids), so a retry after a
 * crash never duplicates anything.
 */
export async function processItem(item: BatchItemRow, { workerId, signal }: { workerId: string; signal: AbortSignal }) {
  const db = getDb();
  const [batch] = await db.select().from(batches).where(eq(batches.id, item.batchId));
  const collection = batch && (await getCollectionByRowId(db, { id: batch.collectionId }));
  if (!batch || !collection || !item.mediaId) throw new ItemError("processing_error", "The item's batch or collection no longer exists.");
  if (!item.uploadPath || !(await access(item.uploadPath).then(() => true, () => false))) {
    throw new ItemError("file_not_found", "The uploaded file is no longer available for processing.");
  }

  const category = item.mediaType as MediaCategory;
  const extractor = EXTRACTORS[category];
  if (!extractor) throw new ItemError("unsupported_media", `${category} files are not processed by this server yet.`);
  const extraction = await extractor({ path: item.uploadPath, extension: item.extension, signal });

  const maxTokens = CATEGORIES[category].maxTokens;
  if (maxTokens !== undefined) {
    const tokens = extraction.sections.reduce((sum, s) => sum + countTokens(s.text), 0);
    if (tokens > maxTokens) throw new ItemError("content_limit_exceeded", `The document has ${tokens} tokens; the limit is ${maxTokens}.`);
  }
  const options = batch.options as { chunk_size?: number; chunk_overlap?: number; metadata?: Record<string, string | number | boolean> };
  const chunks = chunkSections(extraction.sections, {
    chunkSize: options.chunk_size ?? DEFAULT_CHUNK_SIZE,
    chunkOverlap: options.chunk_overlap ?? DEFAULT_CHUNK_OVERLAP,
  });
  if (chunks.length === 0) {
    const why = extraction.skipped?.length ? ` (${extraction.skipped.join("; ")})` : "";
    throw new ItemError("corrupt_media", `No text could be extracted from the file${why}.`);
  }

  const embedder = await getTextEmbedder();
  const owner = await claimTextModel(db, { id: collection.id, provider: embedder.provider, model: embedder.model, dimension: embedder.dimension });
  if (owner?.textModel !== embedder.model) {
    throw new ItemError("processing_error", `Collection '${collection.name}' holds vectors of model '${owner?.textModel}'; this server embeds with '${embedder.model}'.`);
  }
  signal.throwIfAborted();
  const embeddings = await embedder.embedTexts(chunks.map((c) => c.text));
  signal.throwIfAborted();

  await replaceMediaVectors({
    accountId: item.accountId,
    collectionRowId: collection.id,
    space: "text",
    mediaId: item.mediaId,
    records: chunks.map((chunk, i) => ({
      id: `${item.mediaId}:${chunk.index}`,
      embedding: embeddings[i]!,
      document: chunk.text,
      metadata: {
        ...options.metadata,
        media_id: item.mediaId!,
        batch_id: item.batchId,
        collection: collection.name,
        filename: item.filename,
        media_type: category,
        chunk_index: chunk.index,
        ...(chunk.page !== undefined && { page: chunk.page }),
        ...(chunk.label !== undefined && { label: chunk.label.slice(0, 200) }),
      },
    })),
  });

  const rows: ChunkRow[] = chunks.map((c) => ({
    mediaId: item.mediaId!,
    accountId: item.accountId,
    collectionId: collection.id,
    chunkIndex: c.index,
    text: c.text,
    page: c.page ?? null,
    label: c.label ?? null,
    tokenCount: c.tokenCount,
  }));
  await db.transaction(async (tx) => {
    await lockBatch(tx, { batchId: item.batchId });
    const done = await markItemSucceeded(tx, { itemId: item.id, workerId, chunksWritten: rows.length, vectorsWritten: rows.length });
    // Our lease lapsed and another worker took the item: its run is authoritative.
    if (!done) throw new LeaseLostError(`item ${item.id} was taken over by another worker`);
    await storeMediaContent(tx, { mediaId: item.mediaId!, batchId: item.batchId, rows, metadata: { ...extraction.metadata, ...(extraction.skipped && { skipped: extraction.skipped }) } });
    await finalizeBatchIfDone(tx, { batchId: item.batchId });
  });
  await rm(item.uploadPath, { force: true });
  return { chunks: rows.length };
}
