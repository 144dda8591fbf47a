import type { EmbeddingSpace } from "@/lib/vectors/chroma";

/** One model behind one embedding space. Providers load once per process and embed in batches. */
export interface EmbeddingProvider {
  /** e.g. "offline", "transformers", "openai-compatible" */
  readonly provider: string;
  readonly model: string;
  readonly dimension: number;
  readonly space: EmbeddingSpace;
  embedTexts(texts: string[]): Promise<number[][]>;
}
