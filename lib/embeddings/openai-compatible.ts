import OpenAI from "openai";
import type { EmbeddingProvider } from "./types";

/** Inputs per request: OpenAI accepts up to 2048, but compatible servers often cap far lower. */
export const OPENAI_BATCH_SIZE = 96;

export interface OpenAiEmbeddingsOptions {
  baseUrl: string;
  apiKey?: string;
  model: string;
  dimension: number;
  timeoutMs: number;
  /** Retries after the first attempt, on 408/409/429/5xx and timeouts, with exponential backoff. */
  maxRetries?: number;
}

/**
 * Any OpenAI-compatible `/v1/embeddings` endpoint (OpenAI, Azure-style gateways, vLLM,
 * Ollama, LM Studio...). Retries and backoff are the openai client's own, which honour
 * Retry-After; Tessera adds batching and a dimension check, because a collection must
 * never mix vectors of different sizes.
 */
export function createOpenAiEmbeddings(options: OpenAiEmbeddingsOptions): EmbeddingProvider {
  const client = new OpenAI({
    baseURL: options.baseUrl,
    // Local servers often need no key, but the client refuses to start without one.
    apiKey: options.apiKey || "none",
    timeout: options.timeoutMs,
    maxRetries: options.maxRetries ?? 4,
  });
  return {
    provider: "openai",
    model: options.model,
    dimension: options.dimension,
    space: "text",
    async embedTexts(texts) {
      const out: number[][] = [];
      for (let i = 0; i < texts.length; i += OPENAI_BATCH_SIZE) {
        const input = texts.slice(i, i + OPENAI_BATCH_SIZE);
        // float, not the client's default base64: many compatible servers only speak float.
        const response = await client.embeddings.create({ model: options.model, input, encoding_format: "float" });
        const rows = [...response.data].sort((a, b) => a.index - b.index);
        if (rows.length !== input.length) {
          throw new Error(`${options.baseUrl}/embeddings returned ${rows.length} embeddings for ${input.length} inputs`);
        }
        for (const row of rows) {
          if (row.embedding.length !== options.dimension) {
            throw new Error(
              `${options.baseUrl}/embeddings model '${options.model}' returned ${row.embedding.length}-d vectors; OPENAI_EMBEDDINGS_DIMENSIONS says ${options.dimension}`,
            );
          }
          out.push(row.embedding);
        }
      }
      return out;
    },
  };
}
