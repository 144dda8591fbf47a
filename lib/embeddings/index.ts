import { env } from "@/lib/env";
import { configuredProviders, providersFor } from "./config";
import { loadMobileNetVisual } from "./mobilenet-visual";
import { createOpenAiEmbeddings } from "./openai-compatible";
import { loadTransformersClip, loadTransformersText } from "./transformers";
import type { EmbeddingProvider, TextProviderName, VisualEmbeddingProvider, VisualProviderName } from "./types";
import { loadUseLite } from "./use-lite";

export type { EmbeddingProvider, VisualEmbeddingProvider } from "./types";
export { providersFor } from "./config";

const globalCache = globalThis as unknown as {
  __tesseraEmbedders?: Map<string, Promise<EmbeddingProvider | VisualEmbeddingProvider>>;
};

/** Loads once per process; a failed load is forgotten so the next call reports it again. */
function once<T extends EmbeddingProvider | VisualEmbeddingProvider>(key: string, load: () => Promise<T>): Promise<T> {
  const cache = (globalCache.__tesseraEmbedders ??= new Map());
  if (!cache.has(key)) {
    cache.set(
      key,
      load().catch((error: unknown) => {
        cache.delete(key);
        throw error;
      }),
    );
  }
  return cache.get(key) as Promise<T>;
}

function loadText(name: TextProviderName): Promise<EmbeddingProvider> {
  switch (name) {
    case "offline":
      return once("text:offline", loadUseLite);
    case "transformers":
      return once("text:transformers", () => loadTransformersText({
          modelDir: env.TRANSFORMERS_MODEL_DIR,
          model: env.TRANSFORMERS_TEXT_MODEL,
          dtype: env.TRANSFORMERS_DTYPE,
          pooling: env.TRANSFORMERS_POOLING,
          queryPrefix: env.TRANSFORMERS_QUERY_PREFIX,
          documentPrefix: env.TRANSFORMERS_DOCUMENT_PREFIX,
        }));
    case "openai":
      return once("text:openai", async () =>
        createOpenAiEmbeddings({
          baseUrl: env.OPENAI_EMBEDDINGS_BASE_URL,
          apiKey: env.OPENAI_EMBEDDINGS_API_KEY,
          model: env.OPENAI_EMBEDDINGS_MODEL,
          dimension: env.OPENAI_EMBEDDINGS_DIMENSIONS,
          timeoutMs: env.OPENAI_EMBEDDINGS_TIMEOUT_SECONDS * 1000,
        }),
      );
  }
}

function loadVisual(name: VisualProviderName): Promise<VisualEmbeddingProvider | null> {
  switch (name) {
    case "none":
      return Promise.resolve(null);
    case "offline":
      return once("visual:offline", loadMobileNetVisual);
    case "transformers":
      return once("visual:transformers", () => loadTransformersClip({ modelDir: env.TRANSFORMERS_MODEL_DIR, model: env.TRANSFORMERS_CLIP_MODEL }));
  }
}

/** The text-space provider of a collection (or the default one), loaded once per process. */
export function getTextEmbedder(collectionName?: string): Promise<EmbeddingProvider> {
  return loadText(providersFor(collectionName).text);
}

/** The visual-space provider of a collection (or the default), or null when that space is off. */
export function getVisualEmbedder(collectionName?: string): Promise<VisualEmbeddingProvider | null> {
  return loadVisual(providersFor(collectionName).visual);
}

/**
 * Loads every configured provider now, so a missing model folder or a bad setting stops
 * the worker at start-up with its message instead of failing items one by one.
 */
export async function loadConfiguredProviders(): Promise<void> {
  const { text, visual } = configuredProviders();
  await Promise.all([...text.map(loadText), ...visual.map(loadVisual)]);
}

/** For tests that switch providers inside one process. */
export function forgetLoadedProviders(): void {
  globalCache.__tesseraEmbedders?.clear();
}
