/** Retrieval metrics over ranked result lists (ids), each with its set of relevant ids. */
export interface Judged {
  ranked: string[];
  relevant: ReadonlySet<string>;
}

/** recall@k: the share of the relevant items found in the top k, averaged over queries. */
export function recallAt(k: number, runs: readonly Judged[]): number {
  const scored = runs.filter((r) => r.relevant.size > 0);
  if (scored.length === 0) return 0;
  const total = scored.reduce((sum, r) => sum + r.ranked.slice(0, k).filter((id) => r.relevant.has(id)).length / r.relevant.size, 0);
  return total / scored.length;
}

/** Mean reciprocal rank of the first relevant result (0 when none is returned). */
export function meanReciprocalRank(runs: readonly Judged[]): number {
  const scored = runs.filter((r) => r.relevant.size > 0);
  if (scored.length === 0) return 0;
  const total = scored.reduce((sum, r) => {
    const rank = r.ranked.findIndex((id) => r.relevant.has(id));
    return sum + (rank === -1 ? 0 : 1 / (rank + 1));
  }, 0);
  return total / scored.length;
}
