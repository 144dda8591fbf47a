import type { DbOrTx } from "@/db/client";
import { claimTextModel, claimVisualModel } from "@/db/queries/collections";
import { getTextEmbedder, getVisualEmbedder } from "@/lib/embeddings";
import type { EmbeddingSpace } from "@/lib/vectors/chroma";
import { spaceModel, type SpaceModelColumns } from "@/lib/vectors/space-model";
import type { ExtractedPicture } from "./types";
import { ItemError } from "./types";

/** A collection never mixes models: the first model to store wins, until an operator re-embeds. */
function refuseMismatch(collection: { name: string }, space: EmbeddingSpace, owner: SpaceModelColumns | null, embedder: { provider: string; model: string; dimension: number }) {
  const held = spaceModel(owner, space);
  if (held?.provider === embedder.provider && held.model === embedder.model && held.dimension === embedder.dimension) return;
  const { provider, model, dimension } = held ?? {};
  throw new ItemError(
    "embedding_model_mismatch",
    `Collection '${collection.name}' holds ${space} vectors of ${provider}/${model} (${dimension}-d); this server embeds with ` +
      `${embedder.provider}/${embedder.model} (${embedder.dimension}-d). Use another collection, or re-embed it (npm run admin -- reembed).`,
  );
}

/**
 * Embeds chunk texts with the collection's text model. `previous` (a reprocessed media's stored
 * vectors by text, from the same model: the claim above refuses any other) supplies the ones
 * whose text did not change, so a force_overwrite of the same content embeds nothing again.
 */
export async function embedChunkTexts(
  db: DbOrTx,
  { collection, texts, previous }: { collection: { id: string; name: string }; texts: string[]; previous?: () => Promise<Map<string, number[]>> },
) {
  const embedder = await getTextEmbedder(collection.name);
  const owner = await claimTextModel(db, { id: collection.id, provider: embedder.provider, model: embedder.model, dimension: embedder.dimension });
  refuseMismatch(collection, "text", owner, embedder);
  const known = previous ? await previous() : new Map<string, number[]>();
  const missing = [...new Set(texts.filter((t) => !known.has(t)))];
  const fresh = await embedder.embedTexts(missing);
  missing.forEach((text, i) => known.set(text, fresh[i]!));
  return texts.map((text) => known.get(text)!);
}

/** Embeds the item's pictures, or returns [] when it has none or the visual space is off. */
export async function embedPictures(db: DbOrTx, { collection, pictures }: { collection: { id: string; name: string }; pictures: ExtractedPicture[] }) {
  if (pictures.length === 0) return [];
  const embedder = await getVisualEmbedder(collection.name);
  if (!embedder) return [];
  const owner = await claimVisualModel(db, { id: collection.id, provider: embedder.provider, model: embedder.model, dimension: embedder.dimension });
  refuseMismatch(collection, "visual", owner, embedder);
  return embedder.embedImages(pictures.map((p) => p.path));
}
