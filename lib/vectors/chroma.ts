import { ChromaClient, ChromaNotFoundError, type Collection, type Metadata, type Where } from "chromadb";
import { createHash } from "node:crypto";
import { getDb } from "@/db/client";
import { getCollectionByRowId } from "@/db/queries/collections";
import { env } from "@/lib/env";
import { spaceModel } from "./space-model";

/**
 * Every embedding space a collection can hold vectors in. Deleting or moving media walks this
 * list, so a space added here ("visual" when pictures are embedded) is covered everywhere.
 */
export const EMBEDDING_SPACES = ["text", "visual"] as const;
export type EmbeddingSpace = (typeof EMBEDDING_SPACES)[number];

export interface VectorRecord {
  id: string;
  embedding: number[];
  document: string;
  metadata: Metadata;
}

/** Chroma's largest accepted add; see STACK-NOTES.md. */
const MAX_ADD_BATCH = 5_000;

const globalCache = globalThis as unknown as { __tesseraChroma?: ChromaClient };

/** What every request to Chroma carries: CHROMA_HEADERS, and CHROMA_API_KEY as Chroma's own token header. */
function chromaHeaders(): Record<string, string> {
  return { ...env.CHROMA_HEADERS, ...(env.CHROMA_API_KEY ? { "x-chroma-token": env.CHROMA_API_KEY } : {}) };
}

function client(): ChromaClient {
  if (!globalCache.__tesseraChroma) {
    const url = new URL(env.CHROMA_URL);
    globalCache.__tesseraChroma = new ChromaClient({
      host: url.hostname,
      port: Number(url.port || (url.protocol === "https:" ? 443 : 80)),
      ssl: url.protocol === "https:",
      tenant: env.CHROMA_TENANT,
      database: env.CHROMA_DATABASE,
      headers: chromaHeaders(),
    });
  }
  return globalCache.__tesseraChroma;
}

/** Which model a space's vectors come from: part of the index name, so models never mix. */
export interface IndexModel {
  provider: string;
  model: string;
  dimension: number;
}

/**
 * One Chroma collection per (account, collection, space, model). Collection row ids are
 * globally unique and already belong to one account; the model part lets a re-embedding
 * build a new index beside the live one and swap by updating the collection row.
 */
export function chromaCollectionName({ collectionRowId, space, model }: { collectionRowId: string; space: EmbeddingSpace; model: IndexModel }): string {
  const key = createHash("sha256").update(`${model.provider}\n${model.model}\n${model.dimension}`).digest("hex").slice(0, 10);
  return `${collectionRowId}_${space}_${key}`;
}

/**
 * The model a collection row records for a space, or null when it never stored any. Only the
 * write and delete paths still use it (their callers in lib/pipeline, lib/batches and
 * lib/collections do not pass the model yet); queries are handed the model by their caller.
 */
async function recordedModel(collectionRowId: string, space: EmbeddingSpace): Promise<IndexModel | null> {
  return spaceModel(await getCollectionByRowId(getDb(), { id: collectionRowId }), space);
}

/** Opens (creating) the index of one model; Tessera always passes its own vectors. */
export async function openIndex(args: { accountId: string; collectionRowId: string; space: EmbeddingSpace; model: IndexModel }): Promise<Collection> {
  // embeddingFunction null: Chroma's default downloads a model.
  return client().getOrCreateCollection({
    name: chromaCollectionName(args),
    embeddingFunction: null,
    configuration: { hnsw: { space: "cosine" } },
    metadata: { account_id: args.accountId, space: args.space, provider: args.model.provider, model: args.model.model, dimension: args.model.dimension },
  });
}

/**
 * Handles for queries only, by index name, so a search costs one round trip to Chroma instead
 * of two. A handle goes stale when its index is dropped and re-created (by any process): drops
 * here evict it, and a query that fails evicts it and opens the index again once. Writes
 * always open the index afresh.
 */
const handles = new Map<string, Promise<Collection>>();

function cachedIndex(args: { accountId: string; collectionRowId: string; space: EmbeddingSpace; model: IndexModel }): Promise<Collection> {
  const name = chromaCollectionName(args);
  let handle = handles.get(name);
  if (!handle) {
    handle = openIndex(args);
    handles.set(name, handle);
    handle.catch(() => handles.delete(name));
  }
  return handle;
}

function evict(name: string): void {
  handles.delete(name);
}

export async function dropIndex(args: { collectionRowId: string; space: EmbeddingSpace; model: IndexModel }): Promise<void> {
  const name = chromaCollectionName(args);
  evict(name);
  await client().deleteCollection({ name }).catch(() => {});
}

export async function indexExists(args: { collectionRowId: string; space: EmbeddingSpace; model: IndexModel }): Promise<boolean> {
  const name = chromaCollectionName(args);
  // Paged through: Chroma has no "exists" call, and getCollection warns about embedding functions.
  for (let offset = 0; ; offset += 100) {
    const page = await client().listCollections({ limit: 100, offset });
    if (page.some((c) => c.name === name)) return true;
    if (page.length < 100) return false;
  }
}

/** The live index: the one of the model the collection row records (null before first use). */
async function open(collectionRowId: string, space: EmbeddingSpace, accountId: string): Promise<Collection | null> {
  const model = await recordedModel(collectionRowId, space);
  return model ? openIndex({ accountId, collectionRowId, space, model }) : null;
}

/**
 * Replaces every vector of one media item. Ids are `${mediaId}:${chunkIndex}`, so a retry
 * upserts the same ids instead of adding copies, and stale chunks beyond the new count go.
 */
export async function replaceMediaVectors(args: {
  accountId: string;
  collectionRowId: string;
  space: EmbeddingSpace;
  mediaId: string;
  records: VectorRecord[];
}): Promise<void> {
  const collection = await open(args.collectionRowId, args.space, args.accountId);
  if (!collection) throw new Error(`collection ${args.collectionRowId} has no ${args.space} model recorded: claim one before storing vectors`);
  await collection.delete({
    where: { $and: [{ media_id: args.mediaId }, { chunk_index: { $gte: args.records.length } }] },
  });
  for (let start = 0; start < args.records.length; start += MAX_ADD_BATCH) {
    const slice = args.records.slice(start, start + MAX_ADD_BATCH);
    await collection.upsert({
      ids: slice.map((r) => r.id),
      embeddings: slice.map((r) => r.embedding),
      documents: slice.map((r) => r.document),
      metadatas: slice.map((r) => r.metadata),
    });
  }
}

export async function deleteMediaVectors(args: {
  accountId: string;
  collectionRowId: string;
  space: EmbeddingSpace;
  mediaId: string;
}): Promise<void> {
  const collection = await open(args.collectionRowId, args.space, args.accountId);
  await collection?.delete({ where: { media_id: args.mediaId } });
}

export async function getMediaVectors(args: { accountId: string; collectionRowId: string; space: EmbeddingSpace; mediaId: string }) {
  const collection = await open(args.collectionRowId, args.space, args.accountId);
  if (!collection) return { ids: [] as string[], metadatas: [], documents: [] };
  return collection.get({ where: { media_id: args.mediaId }, include: ["metadatas", "documents"] });
}

/** The text and vector of each of a media's stored chunks (for reprocessing: identical text needs no new embedding). */
export async function getMediaEmbeddingsByText(args: { accountId: string; collectionRowId: string; space: EmbeddingSpace; mediaId: string }): Promise<Map<string, number[]>> {
  const collection = await open(args.collectionRowId, args.space, args.accountId);
  if (!collection) return new Map();
  const found = await collection.get({ where: { media_id: args.mediaId }, include: ["documents", "embeddings"] });
  const byText = new Map<string, number[]>();
  found.documents.forEach((text, i) => {
    const embedding = found.embeddings[i];
    if (text !== null && embedding) byText.set(text, Array.from(embedding));
  });
  return byText;
}

export async function countVectors(args: { accountId: string; collectionRowId: string; space: EmbeddingSpace }): Promise<number> {
  const collection = await open(args.collectionRowId, args.space, args.accountId);
  return collection ? collection.count() : 0;
}

/** The space's live Chroma collection, or null when nothing was ever stored in it (none is created). */
async function openExisting(collectionRowId: string, space: EmbeddingSpace): Promise<Collection | null> {
  const model = await recordedModel(collectionRowId, space);
  if (!model) return null;
  try {
    return await client().getCollection({ name: chromaCollectionName({ collectionRowId, space, model }) });
  } catch (error) {
    if (error instanceof ChromaNotFoundError) return null;
    throw error;
  }
}

const mediaFilter = (mediaIds: string[]) => (mediaIds.length === 1 ? { media_id: mediaIds[0]! } : { media_id: { $in: mediaIds } });

/** Deletes the vectors of these media from every space of one collection. Idempotent. */
export async function deleteVectorsOfMedia({ collectionRowId, mediaIds }: { collectionRowId: string; mediaIds: string[] }): Promise<void> {
  if (mediaIds.length === 0) return;
  for (const space of EMBEDDING_SPACES) {
    const collection = await openExisting(collectionRowId, space);
    await collection?.delete({ where: mediaFilter(mediaIds) });
  }
}

/**
 * Copies the vectors of these media, embeddings included, from one collection into another,
 * space by space, with `collection` in their metadata set to the target's name. Upserts by the
 * same ids, so a retry after a failure copies nothing twice.
 */
export async function copyVectorsOfMedia(args: {
  accountId: string;
  fromCollectionRowId: string;
  toCollectionRowId: string;
  toCollectionName: string;
  mediaIds: string[];
}): Promise<number> {
  let copied = 0;
  if (args.mediaIds.length === 0) return copied;
  for (const space of EMBEDDING_SPACES) {
    const model = await recordedModel(args.fromCollectionRowId, space);
    const source = await openExisting(args.fromCollectionRowId, space);
    if (!source || !model) continue;
    const found = await source.get({ where: mediaFilter(args.mediaIds), include: ["embeddings", "documents", "metadatas"] });
    if (found.ids.length === 0) continue;
    // The target holds the same model (moves refuse a mismatch), so its index of that model.
    const target = await openIndex({ accountId: args.accountId, collectionRowId: args.toCollectionRowId, space, model });
    for (let start = 0; start < found.ids.length; start += MAX_ADD_BATCH) {
      const end = start + MAX_ADD_BATCH;
      await target.upsert({
        ids: found.ids.slice(start, end),
        embeddings: found.embeddings.slice(start, end) as number[][],
        documents: found.documents.slice(start, end).map((d) => d ?? ""),
        metadatas: found.metadatas.slice(start, end).map((m) => ({ ...m, collection: args.toCollectionName })),
      });
    }
    copied += found.ids.length;
  }
  return copied;
}

/** Drops every space's live Chroma collection of one collection; missing ones are skipped. */
export async function dropCollectionVectors({ collectionRowId }: { collectionRowId: string }): Promise<void> {
  for (const space of EMBEDDING_SPACES) {
    const model = await recordedModel(collectionRowId, space);
    if (!model) continue;
    const name = chromaCollectionName({ collectionRowId, space, model });
    evict(name);
    try {
      await client().deleteCollection({ name });
    } catch (error) {
      if (!(error instanceof ChromaNotFoundError)) throw error;
    }
  }
}

/** Vectors of a collection in every space, without creating any (0 for a dropped collection). */
export async function countAllVectors({ collectionRowId }: { collectionRowId: string }): Promise<number> {
  let total = 0;
  for (const space of EMBEDDING_SPACES) total += (await (await openExisting(collectionRowId, space))?.count()) ?? 0;
  return total;
}

export async function chromaHeartbeat(): Promise<boolean> {
  try {
    await client().heartbeat();
    return true;
  } catch {
    return false;
  }
}

export interface VectorHit {
  id: string;
  distance: number;
  document: string;
  metadata: Metadata;
}

/** Nearest vectors by cosine distance in one collection's space, in the index of `model` (the caller's spaceModel). */
export async function queryVectors(args: {
  accountId: string;
  collectionRowId: string;
  space: EmbeddingSpace;
  embedding: number[];
  nResults: number;
  where?: Where;
  model: IndexModel;
}): Promise<VectorHit[]> {
  const { model } = args;
  const query = async () =>
    (await cachedIndex({ accountId: args.accountId, collectionRowId: args.collectionRowId, space: args.space, model })).query({
      queryEmbeddings: [args.embedding],
      nResults: args.nResults,
      ...(args.where && { where: args.where }),
      include: ["documents", "metadatas", "distances"],
    });
  let result;
  try {
    result = await query();
  } catch {
    // A cached handle of an index another process dropped and re-created: open it again, once.
    evict(chromaCollectionName({ collectionRowId: args.collectionRowId, space: args.space, model }));
    result = await query();
  }
  const ids = result.ids[0] ?? [];
  return ids.map((id, i) => ({
    id,
    distance: result.distances[0]?.[i] ?? 1,
    document: result.documents[0]?.[i] ?? "",
    metadata: result.metadatas[0]?.[i] ?? {},
  }));
}

/** Chroma wants $and only with two or more conditions. */
export function whereAll(conditions: Where[]): Where | undefined {
  if (conditions.length === 0) return undefined;
  if (conditions.length === 1) return conditions[0];
  return { $and: conditions };
}

/** Every vector of one media in the index of `model` (the caller's spaceModel), with embeddings (for "more like this"). */
export async function getMediaEmbeddings(args: { accountId: string; collectionRowId: string; space: EmbeddingSpace; mediaId: string; model: IndexModel }) {
  const collection = await openIndex(args);
  const result = await collection.get({ where: { media_id: args.mediaId }, include: ["embeddings"] });
  return (result.embeddings ?? []).filter((e): e is number[] => Array.isArray(e));
}

/**
 * Rewrites the metadata of every vector of one media, in every space, to what `update` makes of
 * it; keys `update` leaves out are removed. One update call per space and slice of 5,000. The
 * JS client drops null metadata values (and so cannot remove a key: update and upsert merge),
 * so this one call goes to Chroma's HTTP API, where a null value deletes the key. Idempotent:
 * a retry writes the same metadata.
 */
export async function rewriteMediaVectorMetadata(args: { collectionRowId: string; mediaId: string; update: (metadata: Metadata) => Metadata }): Promise<number> {
  let rewritten = 0;
  for (const space of EMBEDDING_SPACES) {
    const collection = await openExisting(args.collectionRowId, space);
    if (!collection) continue;
    const found = await collection.get({ where: { media_id: args.mediaId }, include: ["metadatas"] });
    const patches = found.metadatas.map((old) => {
      const next: Record<string, unknown> = { ...args.update(old ?? {}) };
      for (const key of Object.keys(old ?? {})) if (!(key in next)) next[key] = null;
      return next;
    });
    for (let start = 0; start < found.ids.length; start += MAX_ADD_BATCH) {
      const end = start + MAX_ADD_BATCH;
      await updateRecordsRaw(collection, { ids: found.ids.slice(start, end), metadatas: patches.slice(start, end) });
    }
    rewritten += found.ids.length;
  }
  return rewritten;
}

async function updateRecordsRaw(collection: Collection, body: { ids: string[]; metadatas: Record<string, unknown>[] }): Promise<void> {
  const c = client();
  const base = env.CHROMA_URL.replace(/\/+$/, "");
  const url = `${base}/api/v2/tenants/${encodeURIComponent(env.CHROMA_TENANT ?? c.tenant ?? "default_tenant")}/databases/${encodeURIComponent(env.CHROMA_DATABASE ?? c.database ?? "default_database")}/collections/${collection.id}/update`;
  const response = await fetch(url, { method: "POST", headers: { ...chromaHeaders(), "content-type": "application/json" }, body: JSON.stringify(body) });
  if (!response.ok) throw new Error(`Chroma update of ${body.ids.length} records failed: HTTP ${response.status}`);
}
