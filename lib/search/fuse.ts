/** Reciprocal rank fusion's damping constant (Cormack et al.): 60 works well across corpora. */
export const RRF_K = 60;

export interface RankedHit {
  mediaId: string;
}

/**
 * Fuses a vector ranking and a lexical ranking of media with weighted reciprocal rank
 * fusion. Scores are normalised so that the top hit of both lists scores 1.
 */
export function fuseRankings(vector: readonly RankedHit[], lexical: readonly RankedHit[], lexicalWeight: number): Map<string, number> {
  const scores = new Map<string, number>();
  const add = (list: readonly RankedHit[], weight: number) => {
    if (weight <= 0) return;
    list.forEach((hit, rank) => scores.set(hit.mediaId, (scores.get(hit.mediaId) ?? 0) + weight / (RRF_K + rank + 1)));
  };
  add(vector, 1 - lexicalWeight);
  add(lexical, lexicalWeight);
  const best = 1 / (RRF_K + 1);
  for (const [id, score] of scores) scores.set(id, score / best);
  return scores;
}

/** Keeps each media's first (best) hit of a ranked list. */
export function bestPerMedia<T extends RankedHit>(hits: readonly T[]): T[] {
  const seen = new Set<string>();
  return hits.filter((hit) => !seen.has(hit.mediaId) && seen.add(hit.mediaId));
}
