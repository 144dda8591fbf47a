import type { collections } from "@/db/schema";
import { getTextEmbedder, getVisualEmbedder, providersFor } from "@/lib/embeddings";
import { AppError } from "@/lib/errors";
import { vectorSearch, type NormalisedFilters, type VectorChunkHit } from "./vector-search";

type CollectionRow = typeof collections.$inferSelect;

interface SpaceQuery {
  accountId: string;
  collections: CollectionRow[];
  nResults: number;
  filters: NormalisedFilters;
  excludeMediaId?: string;
}

/** Groups collections by the provider configured for them (providers are loaded once, so identity works). */
async function byProvider<P>(rows: CollectionRow[], load: (name: string) => Promise<P | null>): Promise<Map<P, CollectionRow[]>> {
  const groups = new Map<P, CollectionRow[]>();
  for (const row of rows) {
    const provider = await load(row.name);
    if (provider) groups.set(provider, [...(groups.get(provider) ?? []), row]);
  }
  return groups;
}

/**
 * A text query: embedded once per text provider in use and run against those collections'
 * text spaces; where a collection's visual provider is a joint text-image model (CLIP), the
 * query is also embedded with its text tower and run against the pictures. One ranked list per
 * (space, model) searched: similarities of different spaces are not comparable, so the caller
 * fuses the lists by rank (scoreMedia in ./fuse.ts), never by raw similarity.
 */
export async function textQueryHits({ query, ...args }: SpaceQuery & { query: string }): Promise<VectorChunkHit[][]> {
  const text = await byProvider(args.collections, getTextEmbedder);
  // Only a transformers (CLIP) visual provider can embed text; loading the others would be waste.
  const joint = args.collections.filter((c) => providersFor(c.name).visual === "transformers");
  const visual = await byProvider(joint, getVisualEmbedder);
  const searches: Promise<VectorChunkHit[]>[] = [];
  for (const [embedder, rows] of text) {
    const embedded = embedder.embedQueries ? embedder.embedQueries([query]) : embedder.embedTexts([query]);
    searches.push(embedded.then(([embedding]) => vectorSearch({ ...args, collections: rows, embedding: embedding!, model: embedder.model })));
  }
  for (const [embedder, rows] of visual) {
    if (!embedder.embedTextQueries) continue;
    searches.push(
      embedder.embedTextQueries([query]).then(([embedding]) => vectorSearch({ ...args, collections: rows, space: "visual", embedding: embedding!, model: embedder.model })),
    );
  }
  return Promise.all(searches);
}

/** An image query: embedded once per visual provider in use and run against the visual spaces (one list per model). */
export async function imageQueryHits({ imagePath, ...args }: SpaceQuery & { imagePath: string }): Promise<VectorChunkHit[][]> {
  const visual = await byProvider(args.collections, getVisualEmbedder);
  if (visual.size === 0 && args.collections.length > 0) {
    throw new AppError("validation_error", "Image search needs a visual embedding provider, and none is configured for these collections (VISUAL_EMBEDDINGS=none).");
  }
  const searches = [...visual].map(([embedder, rows]) =>
    embedder.embedImages([imagePath]).then(([embedding]) => vectorSearch({ ...args, collections: rows, space: "visual", embedding: embedding!, model: embedder.model })),
  );
  return Promise.all(searches);
}
