/** Reciprocal rank fusion's damping constant (Cormack et al.): 60 works well across corpora. */
export const RRF_K = 60;

export interface RankedHit {
  mediaId: string;
}

export interface WeightedList {
  hits: readonly RankedHit[];
  weight: number;
}

/**
 * Weighted reciprocal rank fusion of ranked lists of media: each list adds weight / (k + rank).
 * Scores are normalised by the sum of the weights, so a media at the top of every list scores 1.
 */
export function fuseLists(lists: readonly WeightedList[]): Map<string, number> {
  const scores = new Map<string, number>();
  let total = 0;
  for (const { hits, weight } of lists) {
    if (weight <= 0) continue;
    total += weight;
    hits.forEach((hit, rank) => scores.set(hit.mediaId, (scores.get(hit.mediaId) ?? 0) + weight / (RRF_K + rank + 1)));
  }
  const best = total / (RRF_K + 1);
  for (const [id, score] of scores) scores.set(id, score / best);
  return scores;
}

/** A vector ranking and a lexical ranking, fused with weighted reciprocal rank fusion. */
export function fuseRankings(vector: readonly RankedHit[], lexical: readonly RankedHit[], lexicalWeight: number): Map<string, number> {
  return fuseLists([
    { hits: vector, weight: 1 - lexicalWeight },
    { hits: lexical, weight: lexicalWeight },
  ]);
}

/**
 * Scores media from the vector lists (one per embedding space and model searched: their
 * similarities are not comparable, since a CLIP text-to-picture cosine of 0.3 is a good match
 * while a text model's 0.3 is noise) and the lexical list. Each space's list is fused by rank,
 * weighted 1 - lexicalWeight, the lexical list lexicalWeight. With one vector list and no
 * lexical side the score is the cosine similarity itself, so min_score keeps its meaning.
 */
export function scoreMedia<V extends RankedHit & { similarity: number }>(
  vectorLists: readonly (readonly V[])[],
  lexical: readonly RankedHit[],
  lexicalWeight: number,
): Map<string, number> {
  const lists = vectorLists.filter((l) => l.length > 0);
  if (lexicalWeight === 0 && lists.length <= 1) return new Map((lists[0] ?? []).map((h) => [h.mediaId, h.similarity]));
  return fuseLists([...lists.map((hits) => ({ hits, weight: 1 - lexicalWeight })), { hits: lexical, weight: lexicalWeight }]);
}

/**
 * Each media's hit to show: the one ranked highest in any space's list. Equal ranks (a media at
 * the top of both spaces) show the closer match; this picks a chunk to display, not a rank.
 */
export function bestVectorHits<V extends RankedHit & { similarity: number }>(vectorLists: readonly (readonly V[])[]): Map<string, V> {
  const best = new Map<string, { hit: V; rank: number }>();
  for (const list of vectorLists) {
    list.forEach((hit, rank) => {
      const seen = best.get(hit.mediaId);
      if (!seen || rank < seen.rank || (rank === seen.rank && hit.similarity > seen.hit.similarity)) best.set(hit.mediaId, { hit, rank });
    });
  }
  return new Map([...best].map(([id, { hit }]) => [id, hit]));
}

/** Keeps each media's first (best) hit of a ranked list. */
export function bestPerMedia<T extends RankedHit>(hits: readonly T[]): T[] {
  const seen = new Set<string>();
  return hits.filter((hit) => !seen.has(hit.mediaId) && seen.add(hit.mediaId));
}
