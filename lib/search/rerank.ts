import { z } from "zod";

export interface RerankSettings {
  /** Base URL of a rerank service; requests go to `${url}/rerank`. */
  url: string;
  apiKey?: string;
  model?: string;
  timeoutMs: number;
}

// Text Embeddings Inference answers a bare list; Jina and Cohere wrap it in `results`.
const TeiResponse = z.array(z.object({ index: z.number().int(), score: z.number() }));
const CohereResponse = z.object({ results: z.array(z.object({ index: z.number().int(), relevance_score: z.number() })) });

/**
 * Scores `texts` against `query` with a cross-encoder behind an HTTP rerank API in the common
 * shape (`POST /rerank` with `query` and the texts as both `texts`, for TEI, and `documents`,
 * for Jina and Cohere). Returns one score per text, in the texts' order, or null when the
 * service fails or takes longer than its timeout: search then keeps its own order.
 */
export async function rerankTexts(settings: RerankSettings, { query, texts }: { query: string; texts: string[] }): Promise<number[] | null> {
  if (texts.length === 0) return [];
  try {
    const response = await fetch(`${settings.url.replace(/\/+$/, "")}/rerank`, {
      method: "POST",
      headers: { "content-type": "application/json", ...(settings.apiKey && { authorization: `Bearer ${settings.apiKey}` }) },
      body: JSON.stringify({ query, texts, documents: texts, top_n: texts.length, ...(settings.model && { model: settings.model }) }),
      signal: AbortSignal.timeout(settings.timeoutMs),
    });
    if (!response.ok) throw new Error(`rerank answered ${response.status}`);
    const body: unknown = await response.json();
    const pairs = Array.isArray(body)
      ? TeiResponse.parse(body).map((r) => [r.index, r.score] as const)
      : CohereResponse.parse(body).results.map((r) => [r.index, r.relevance_score] as const);
    const scores = new Array<number>(texts.length).fill(Number.NEGATIVE_INFINITY);
    for (const [index, score] of pairs) if (index >= 0 && index < texts.length) scores[index] = score;
    return scores;
  } catch (error) {
    console.warn(`[search] rerank skipped: ${error instanceof Error ? error.message : String(error)}`);
    return null;
  }
}

/** Reorders the first `topN` items by their rerank scores (stable for ties); the rest keep their place. */
export function applyRerank<T>(items: readonly T[], topN: number, scores: readonly number[] | null): T[] {
  if (!scores) return [...items];
  const head = items.slice(0, topN).map((item, i) => ({ item, i, score: scores[i] ?? Number.NEGATIVE_INFINITY }));
  head.sort((a, b) => b.score - a.score || a.i - b.i);
  return [...head.map((h) => h.item), ...items.slice(topN)];
}
