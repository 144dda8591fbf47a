import { and, eq } from "drizzle-orm";
import { getDb } from "@/db/client";
import { getCollectionByRowId } from "@/db/queries/collections";
import { media } from "@/db/schema";
import { AppError } from "@/lib/errors";
import { getMediaEmbeddings, type EmbeddingSpace } from "@/lib/vectors/chroma";
import { spaceModel } from "@/lib/vectors/space-model";
import { resolveCollections } from "./resolve-collections";
import { assembleResults, normaliseFilters } from "./search-media";
import type { SimilarRequest } from "./search-schemas";
import { vectorSearch } from "./vector-search";
import { withRevisions } from "./revisions";
import { withContextChunks } from "./context-chunks";
import { searchPage } from "./search-page";

const centroid = (vectors: number[][]) => vectors[0]!.map((_, d) => vectors.reduce((sum, v) => sum + v[d]!, 0) / vectors.length);

/**
 * POST /v1/search/similar: media closest to the mean of this media's vectors, in each space
 * it has vectors in (text chunks, and pictures). Only collections embedded with the same
 * model as the source are comparable, so the others are left out rather than refused.
 */
export async function findSimilar({ accountId, request }: { accountId: string; request: SimilarRequest }) {
  const started = performance.now();
  const db = getDb();
  const [source] = await db
    .select()
    .from(media)
    .where(and(eq(media.id, request.media_id), eq(media.accountId, accountId)));
  if (!source || source.status !== "ready") throw new AppError("not_found", `Media '${request.media_id}' not found.`);
  const home = await getCollectionByRowId(db, { id: source.collectionId });
  const collections = await resolveCollections({ accountId, names: request.collections });
  const page = searchPage(request);
  const nResults = page.depth * 5;
  const filters = await withRevisions(normaliseFilters(request.filters), collections, request.include_previous_revisions);

  const searches = (["text", "visual"] as EmbeddingSpace[]).map(async (space) => {
    const held = spaceModel(home, space);
    const vectors = held ? await getMediaEmbeddings({ accountId, collectionRowId: source.collectionId, space, mediaId: source.id, model: held }) : [];
    if (!held || vectors.length === 0) return [];
    const comparable = collections.filter((c) => spaceModel(c, space)?.model === held.model);
    return vectorSearch({ accountId, collections: comparable, space, embedding: centroid(vectors), model: held.model, nResults, filters, excludeMediaId: source.id });
  });
  // One list per space, fused by rank: a text model's cosines and a picture model's are not comparable.
  const vectorLists = await Promise.all(searches);
  if (vectorLists.every((l) => l.length === 0) && !(await hasVectors(accountId, source, home))) throw new AppError("not_found", `Media '${request.media_id}' has no vectors.`);
  const ranked = await assembleResults({ accountId, query: "", vectorLists, lexicalHits: [], weight: 0, maxResults: page.depth, minScore: request.min_score });
  const results = ranked.slice(page.offset);
  return { media_id: source.id, results: await withContextChunks(accountId, results, request.context_chunks), next_cursor: page.nextCursor(results.length), took_ms: Math.round(performance.now() - started) };
}

async function hasVectors(accountId: string, source: { id: string; collectionId: string }, home: Parameters<typeof spaceModel>[0]) {
  for (const space of ["text", "visual"] as const) {
    const model = spaceModel(home, space);
    if (model && (await getMediaEmbeddings({ accountId, collectionRowId: source.collectionId, space, mediaId: source.id, model })).length) return true;
  }
  return false;
}
