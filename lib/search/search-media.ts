import { getDb } from "@/db/client";
import { env } from "@/lib/env";
import { getMediaSummaries, lexicalSearch, type LexicalFilters, type LexicalHit } from "@/db/queries/search";
import { sql } from "drizzle-orm";
import { metadataComparisons, sqlOf } from "./filter-language";
import { LATEST_REVISION_SQL, withRevisions } from "./revisions";
import { withContextChunks } from "./context-chunks";
import { searchPage } from "./search-page";
import { bestPerMedia, bestVectorHits, scoreMedia } from "./fuse";
import { highlightText } from "./highlight";
import { applyRerank, rerankTexts } from "./rerank";
import { resolveCollections } from "./resolve-collections";
import type { SearchFilters, SearchRequest, SearchResult } from "./search-schemas";
import { textQueryHits } from "./query-spaces";
import type { NormalisedFilters, VectorChunkHit } from "./vector-search";
import type { z } from "zod";

/** Candidates fetched per list before deduplicating by media and fusing. */
const CANDIDATE_FACTOR = 5;

export function normaliseFilters(filters: z.infer<typeof SearchFilters> | undefined): NormalisedFilters {
  const mediaType = filters?.media_type;
  const where = [...metadataComparisons(filters?.metadata ?? {}), ...(filters?.where ? [filters.where] : [])];
  return {
    ...(mediaType && { mediaTypes: Array.isArray(mediaType) ? mediaType : [mediaType] }),
    ...(filters?.created_after && { createdAfter: new Date(filters.created_after) }),
    ...(where.length > 0 && { where: where.length === 1 ? where[0]! : { and: where } }),
  };
}

/** The full-text side's filters: the same expression, as SQL. */
export function lexicalFilters(filters: NormalisedFilters, collections: ReadonlyArray<{ id: string; name: string }>): LexicalFilters {
  const { where, latestRevisionsOnly, mediaTypes, createdAfter } = filters;
  const conditions = [...(where ? [sqlOf(where, collections)] : []), ...(latestRevisionsOnly ? [LATEST_REVISION_SQL] : [])];
  return { ...(mediaTypes && { mediaTypes }), ...(createdAfter && { createdAfter }), ...(conditions.length && { condition: sql.join(conditions, sql` and `) }) };
}

/** POST /v1/search: vector search, full-text search, or both fused, over the account's collections. */
export async function searchMedia({ accountId, request }: { accountId: string; request: SearchRequest }) {
  const started = performance.now();
  const collections = await resolveCollections({ accountId, names: request.collections });
  const filters = await withRevisions(normaliseFilters(request.filters), collections, request.include_previous_revisions);
  const page = searchPage(request);
  // Deep enough for this page (at most 5 x MAX_SEARCH_DEPTH = 1,000); the first page of up to 50 fetches what it always did.
  const nResults = page.depth * CANDIDATE_FACTOR;
  const weight = request.lexical_weight;

  const [vectorLists, lexicalHits] = await Promise.all([
    weight < 1 ? textQueryHits({ accountId, collections, query: request.query, nResults, filters }) : Promise.resolve([] as VectorChunkHit[][]),
    weight > 0
      ? lexicalSearch(getDb(), { accountId, collectionRowIds: collections.map((c) => c.id), query: request.query, limit: nResults, filters: lexicalFilters(filters, collections), bm25: { k1: env.BM25_K1, b: env.BM25_B } })
      : Promise.resolve([] as LexicalHit[]),
  ]);

  const reranker = env.RERANK_URL ? { url: env.RERANK_URL, apiKey: env.RERANK_API_KEY, model: env.RERANK_MODEL, timeoutMs: env.RERANK_TIMEOUT_MS } : null;
  const topN = reranker ? Math.max(page.depth, env.RERANK_TOP_N) : page.depth;
  let results = await assembleResults({ accountId, query: request.query, vectorLists, lexicalHits, weight, maxResults: topN, minScore: request.min_score });
  if (reranker) {
    // A cross-encoder reads query and chunk together: it reorders the fused top N (score stays the fused score).
    const scores = await rerankTexts(reranker, { query: request.query, texts: results.map((r) => r.chunk.text) });
    results = applyRerank(results, topN, scores);
  }
  const hits = results.slice(page.offset, page.depth);
  return {
    query: request.query,
    results: await withContextChunks(accountId, hits, request.context_chunks),
    next_cursor: page.nextCursor(hits.length),
    took_ms: Math.round(performance.now() - started),
  };
}

/** Fuses the lists (see scoreMedia), keeps media that still exist, and shapes each result. */
export async function assembleResults({
  accountId,
  query,
  vectorLists,
  lexicalHits,
  weight,
  maxResults,
  minScore,
}: {
  accountId: string;
  query: string;
  /** One ranked list per embedding space (and model) searched. */
  vectorLists: VectorChunkHit[][];
  lexicalHits: LexicalHit[];
  weight: number;
  maxResults: number;
  minScore: number | undefined;
}): Promise<SearchResult[]> {
  const vector = vectorLists.map((list) => bestPerMedia(list));
  const lexical = bestPerMedia(lexicalHits);
  const byVector = bestVectorHits(vector);
  const byLexical = new Map(lexical.map((h) => [h.mediaId, h]));
  const scores = scoreMedia(vector, lexical, weight);
  const ranked = [...scores.entries()]
    .filter(([, score]) => minScore === undefined || score >= minScore)
    .sort((a, b) => b[1] - a[1])
    .slice(0, maxResults * 2);
  const summaries = await getMediaSummaries(getDb(), { accountId, mediaIds: ranked.map(([id]) => id) });

  const results: SearchResult[] = [];
  for (const [mediaId, score] of ranked) {
    const media = summaries.get(mediaId);
    if (!media) continue; // deleted or reprocessing since it was indexed
    const v = byVector.get(mediaId);
    const l = byLexical.get(mediaId);
    const chunk = v ?? l!;
    results.push({
      media_id: mediaId,
      space: v?.space ?? "text",
      filename: media.filename,
      media_type: media.mediaType,
      collection: media.collection,
      chunk: { index: chunk.chunkIndex, text: chunk.text, page: chunk.page, start_s: chunk.startS, end_s: chunk.endS, label: chunk.label },
      score: Math.round(score * 10_000) / 10_000,
      vector_score: v ? Math.round(v.similarity * 10_000) / 10_000 : null,
      lexical_score: l ? Math.round(l.rank * 10_000) / 10_000 : null,
      highlight: l && (!v || l.chunkIndex === v.chunkIndex) ? l.highlight : highlightText(chunk.text, query),
    });
    if (results.length === maxResults) break;
  }
  return results;
}
