/**
 * BEIR's scorer (the same definitions as pytrec_eval, which BEIR uses): graded nDCG@k with
 * gain = relevance and log2 discount, recall@k over the judged relevant documents, MRR@k.
 * A query without any relevant judgement is not scored.
 */
export interface GradedRun {
  /** Ranked document ids, best first. */
  ranked: readonly string[];
  /** Judged documents with relevance > 0. */
  relevance: ReadonlyMap<string, number>;
}

const scored = (runs: readonly GradedRun[]) => runs.filter((r) => r.relevance.size > 0);
const mean = (values: number[]) => (values.length === 0 ? 0 : values.reduce((a, b) => a + b, 0) / values.length);

function dcg(gains: number[]): number {
  return gains.reduce((sum, gain, i) => sum + gain / Math.log2(i + 2), 0);
}

export function ndcgAt(k: number, runs: readonly GradedRun[]): number {
  return mean(
    scored(runs).map((r) => {
      const ideal = dcg([...r.relevance.values()].sort((a, b) => b - a).slice(0, k));
      return dcg(r.ranked.slice(0, k).map((id) => r.relevance.get(id) ?? 0)) / ideal;
    }),
  );
}

export function recallAt(k: number, runs: readonly GradedRun[]): number {
  return mean(scored(runs).map((r) => r.ranked.slice(0, k).filter((id) => r.relevance.has(id)).length / r.relevance.size));
}

export function mrrAt(k: number, runs: readonly GradedRun[]): number {
  return mean(
    scored(runs).map((r) => {
      const rank = r.ranked.slice(0, k).findIndex((id) => r.relevance.has(id));
      return rank === -1 ? 0 : 1 / (rank + 1);
    }),
  );
}
