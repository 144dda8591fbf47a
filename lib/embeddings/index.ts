import type { EmbeddingProvider } from "./types";
import { loadUseLite } from "./use-lite";

export type { EmbeddingProvider } from "./types";

const globalCache = globalThis as unknown as { __tesseraTextEmbedder?: Promise<EmbeddingProvider> };

/** The text-space provider, loaded once per process on first use. */
export function getTextEmbedder(): Promise<EmbeddingProvider> {
  globalCache.__tesseraTextEmbedder ??= loadUseLite().catch((error: unknown) => {
    globalCache.__tesseraTextEmbedder = undefined;
    throw error;
  });
  return globalCache.__tesseraTextEmbedder;
}
