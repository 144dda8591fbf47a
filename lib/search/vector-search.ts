import type { Where } from "chromadb";
import type { collections } from "@/db/schema";
import { AppError } from "@/lib/errors";
import { chromaWhereOf, type FilterExpression } from "./filter-language";
import { queryVectors, whereAll, type EmbeddingSpace, type VectorHit } from "@/lib/vectors/chroma";
import { spaceModel } from "@/lib/vectors/space-model";

export interface NormalisedFilters {
  mediaTypes?: string[];
  createdAfter?: Date;
  /** filters.metadata and filters.where as one expression (lib/search/filter-language.ts). */
  where?: FilterExpression;
  /** Leave out superseded revisions (lib/search/revisions.ts): on this side, their ids per collection row. */
  latestRevisionsOnly?: boolean;
  supersededByCollection?: ReadonlyMap<string, readonly string[]>;
}

export interface VectorChunkHit {
  mediaId: string;
  /** Which space matched: a text chunk, or a picture (chunkIndex is then the picture's index). */
  space: EmbeddingSpace;
  chunkIndex: number;
  text: string;
  page: number | null;
  label: string | null;
  startS: number | null;
  endS: number | null;
  similarity: number;
}

type CollectionRow = typeof collections.$inferSelect;

/** The where for one Chroma collection; false when the filter cannot match anything in it. */
export function chromaWhere(filters: NormalisedFilters, collection: { id: string; name: string }, exclude?: string): Where | undefined | false {
  const conditions: Where[] = [];
  if (filters.mediaTypes?.length) conditions.push({ media_type: { $in: filters.mediaTypes } });
  if (filters.createdAfter) conditions.push({ created_at: { $gt: Math.floor(filters.createdAfter.getTime() / 1000) } });
  const language = filters.where ? chromaWhereOf(filters.where, collection.name) : true;
  if (language === false) return false;
  if (language !== true) conditions.push(language);
  if (exclude) conditions.push({ media_id: { $ne: exclude } });
  const superseded = filters.supersededByCollection?.get(collection.id);
  if (superseded?.length) conditions.push({ media_id: { $nin: [...superseded] } });
  return whereAll(conditions);
}

/** Queries each collection's space with one embedding and merges the hits by similarity. */
export async function vectorSearch({
  accountId,
  collections: rows,
  space = "text",
  embedding,
  model,
  nResults,
  filters,
  excludeMediaId,
}: {
  accountId: string;
  collections: CollectionRow[];
  space?: EmbeddingSpace;
  embedding: number[];
  model: string;
  nResults: number;
  filters: NormalisedFilters;
  excludeMediaId?: string;
}): Promise<VectorChunkHit[]> {
  // A collection that never stored anything has no model yet and nothing to find.
  const searchable = rows.flatMap((c) => {
    const held = spaceModel(c, space);
    return held ? [{ c, held }] : [];
  });
  const foreign = searchable.find(({ held }) => held.model !== model);
  if (foreign) {
    throw new AppError(
      "validation_error",
      `Collection '${foreign.c.name}' holds ${space} vectors of '${foreign.held.model}', not '${model}', the model this server is configured to embed its queries with.`,
    );
  }
  const perCollection = await Promise.all(
    searchable.map(({ c, held }) => {
      const where = chromaWhere(filters, c, excludeMediaId);
      if (where === false) return [];
      return queryVectors({ accountId, collectionRowId: c.id, space, embedding, nResults, model: held, ...(where && { where }) });
    }),
  );
  return perCollection
    .flat()
    .map((hit) => toChunkHit(hit, space))
    .sort((a, b) => b.similarity - a.similarity);
}

function toChunkHit(hit: VectorHit, space: EmbeddingSpace): VectorChunkHit {
  const m = hit.metadata;
  const num = (v: unknown) => (typeof v === "number" ? v : null);
  return {
    mediaId: String(m.media_id),
    space,
    chunkIndex: num(m.chunk_index) ?? 0,
    text: hit.document,
    page: num(m.page),
    label: typeof m.label === "string" ? m.label : null,
    startS: num(m.start_s),
    endS: num(m.end_s),
    // Cosine distance in [0, 2] back to similarity in [-1, 1].
    similarity: 1 - hit.distance,
  };
}
