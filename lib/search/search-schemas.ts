import { z } from "zod";
import { CollectionId } from "@/lib/batches/batch-settings";
import { FilterExpression } from "./filter-language";
import { CATEGORIES, DEFAULT_LEXICAL_WEIGHT, MAX_CONTEXT_CHUNKS, MAX_SEARCH_DEPTH, type MediaCategory } from "@/lib/constants";

export const MediaType = z.enum(Object.keys(CATEGORIES) as [MediaCategory, ...MediaCategory[]]).describe("Media category");

export const SearchFilters = z
  .strictObject({
    media_type: z.union([MediaType, z.array(MediaType).min(1)]).optional(),
    created_after: z.iso.datetime({ offset: true }).optional().describe("ISO 8601; media created after this instant"),
    metadata: z.record(z.string().min(1).max(64), z.union([z.string(), z.number(), z.boolean()])).optional().describe("Exact matches on the media's attributes (batch_options.metadata merged with file_metadata)"),
    where: FilterExpression.optional().describe("The filter language: comparisons on attributes and built-in fields with and/or/not; applied with the fields above (all must hold)"),
  })
  .describe("Filters applied to both vector and lexical search");

export const SearchRequest = z
  .strictObject({
    query: z.string().trim().min(1).max(2_000).describe("What to look for, in plain words"),
    collections: z
      .union([z.literal("all"), CollectionId, z.array(CollectionId).min(1).max(50)])
      .default("all")
      .describe('One collection, several, or "all"'),
    max_results: z.number().int().min(1).max(100).default(10),
    min_score: z.number().min(-1).max(1).optional().describe("Drop results whose score is below this"),
    filters: SearchFilters.optional(),
    include_previous_revisions: z
      .boolean()
      .optional()
      .describe("Default false: only the latest ready revision of each filename in a collection is searched; true: older revisions too"),
    cursor: z.string().min(1).max(200).optional().describe(`The next_cursor of the previous page, sent with the same request otherwise; pages reach ${MAX_SEARCH_DEPTH} results deep`),
    context_chunks: z
      .number()
      .int()
      .min(0)
      .max(MAX_CONTEXT_CHUNKS)
      .optional()
      .describe(`Add the N chunks before and after each hit's chunk (context_before, context_after), 0-${MAX_CONTEXT_CHUNKS}`),
    lexical_weight: z
      .number()
      .min(0)
      .max(1)
      .default(DEFAULT_LEXICAL_WEIGHT)
      .describe("0 = vector only (score is cosine similarity), 1 = full-text only; in between, reciprocal rank fusion"),
  })
  .describe("POST /v1/search");
export type SearchRequest = z.infer<typeof SearchRequest>;

export const SimilarRequest = z
  .strictObject({
    media_id: z.string().min(1).max(64),
    collections: SearchRequest.shape.collections,
    max_results: SearchRequest.shape.max_results,
    min_score: SearchRequest.shape.min_score,
    filters: SearchFilters.optional(),
    include_previous_revisions: SearchRequest.shape.include_previous_revisions,
    cursor: SearchRequest.shape.cursor,
    context_chunks: SearchRequest.shape.context_chunks,
  })
  .describe("POST /v1/search/similar");
export type SimilarRequest = z.infer<typeof SimilarRequest>;

/** POST /v1/search as multipart: the `options` field, everything but the query (the image is the query). */
export const ImageSearchOptions = SearchRequest.omit({ query: true, lexical_weight: true, cursor: true }).describe("POST /v1/search with an image: the options field");
export type ImageSearchOptions = z.infer<typeof ImageSearchOptions>;

const ResultChunk = z.object({
  index: z.number().int(),
  text: z.string(),
  page: z.number().int().nullable(),
  start_s: z.number().nullable(),
  end_s: z.number().nullable(),
  label: z.string().nullable(),
});

export const SearchResult = z.object({
  media_id: z.string(),
  space: z.enum(["text", "visual"]).describe("text: a chunk of the media's text matched; visual: one of its pictures (chunk.index is the picture's index)"),
  filename: z.string(),
  media_type: z.string(),
  collection: z.string(),
  chunk: ResultChunk,
  score: z.number(),
  vector_score: z.number().nullable().describe("Cosine similarity of the best chunk, when vector search found it"),
  lexical_score: z.number().nullable().describe("Full-text rank of the best chunk, when full-text search found it"),
  highlight: z.string().describe("A short excerpt with matching words in <mark>"),
});
export type SearchResult = z.infer<typeof SearchResult>;

/** A result as answered: with context_chunks, its neighbours on each side. */
export const SearchHit = SearchResult.extend({
  context_before: z.array(ResultChunk).optional().describe("With context_chunks: up to N chunks before chunk, in order (empty for a picture hit)"),
  context_after: z.array(ResultChunk).optional().describe("With context_chunks: up to N chunks after chunk, in order"),
});
const NextCursor = z.string().nullable().describe("Send it as cursor, with the same request, for the next page; null on the last page");

export const SearchResponse = z.object({
  success: z.literal(true),
  data: z.object({ query: z.string().nullable().describe("null for an image query"), results: z.array(SearchHit), next_cursor: NextCursor.optional(), took_ms: z.number() }),
});

export const SimilarResponse = z.object({
  success: z.literal(true),
  data: z.object({ media_id: z.string(), results: z.array(SearchHit), next_cursor: NextCursor, took_ms: z.number() }),
});
