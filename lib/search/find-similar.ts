import { and, eq } from "drizzle-orm";
import { getDb } from "@/db/client";
import { media } from "@/db/schema";
import { AppError } from "@/lib/errors";
import { getMediaEmbeddings } from "@/lib/vectors/chroma";
import { getTextEmbedder } from "@/lib/embeddings";
import { resolveCollections } from "./resolve-collections";
import { assembleResults, normaliseFilters } from "./search-media";
import type { SimilarRequest } from "./search-schemas";
import { vectorSearch } from "./vector-search";

/** POST /v1/search/similar: media whose text is closest to the mean of this media's chunk vectors. */
export async function findSimilar({ accountId, request }: { accountId: string; request: SimilarRequest }) {
  const started = performance.now();
  const db = getDb();
  const [source] = await db
    .select()
    .from(media)
    .where(and(eq(media.id, request.media_id), eq(media.accountId, accountId)));
  if (!source || source.status !== "ready") throw new AppError("not_found", `Media '${request.media_id}' not found.`);

  const vectors = await getMediaEmbeddings({ accountId, collectionRowId: source.collectionId, space: "text", mediaId: source.id });
  if (vectors.length === 0) throw new AppError("not_found", `Media '${request.media_id}' has no vectors.`);
  const centroid = vectors[0]!.map((_, d) => vectors.reduce((sum, v) => sum + v[d]!, 0) / vectors.length);

  const collections = await resolveCollections({ accountId, names: request.collections });
  const embedder = await getTextEmbedder();
  const hits = await vectorSearch({
    accountId,
    collections,
    embedding: centroid,
    model: embedder.model,
    nResults: Math.min(250, request.max_results * 5),
    filters: normaliseFilters(request.filters),
    excludeMediaId: source.id,
  });
  const results = await assembleResults({ accountId, query: "", vectorHits: hits, lexicalHits: [], weight: 0, maxResults: request.max_results, minScore: request.min_score });
  return { media_id: source.id, results, took_ms: Math.round(performance.now() - started) };
}
