import type { EmbeddingSpace } from "@/lib/vectors/chroma";

/** One model behind one embedding space. Providers load once per process and embed in batches. */
export interface EmbeddingProvider {
  /** e.g. "offline", "transformers", "openai" */
  readonly provider: string;
  readonly model: string;
  readonly dimension: number;
  readonly space: EmbeddingSpace;
  /** Documents (chunks). */
  embedTexts(texts: string[]): Promise<number[][]>;
  /** Search queries, where the model wants them marked apart from documents (E5's "query: "). */
  embedQueries?(texts: string[]): Promise<number[][]>;
  /** Models that read a bounded number of tokens: the pipeline splits longer chunks to fit. */
  tokenLimit?: TokenLimit;
}

export interface TokenLimit {
  maxTokens: number;
  /** Tokens the model reads for a document text, its prompt and special tokens included. */
  countTokens(text: string): number;
}

/** A model for the visual space: pictures in, unit-length vectors out. */
export interface VisualEmbeddingProvider {
  readonly provider: string;
  readonly model: string;
  readonly dimension: number;
  readonly space: "visual";
  embedImages(paths: string[]): Promise<number[][]>;
  /**
   * Present only for joint text-image models (CLIP): embeds text into the visual space,
   * so a text query can search pictures directly.
   */
  embedTextQueries?(texts: string[]): Promise<number[][]>;
}

export type TextProviderName = "offline" | "transformers" | "openai";
export type VisualProviderName = "offline" | "transformers" | "none";

/** Unit length, so Chroma's cosine distance and a dot product agree. */
export function l2normalise(vector: ArrayLike<number>): number[] {
  let sum = 0;
  for (let i = 0; i < vector.length; i++) sum += vector[i]! * vector[i]!;
  const norm = Math.sqrt(sum) || 1;
  return Array.from(vector, (v) => v / norm);
}
