import { describe, expect, it } from "vitest";
import { mrrAt, ndcgAt, recallAt, type GradedRun } from "../../eval/beir/metrics";

// Worked by hand from the definitions (pytrec_eval's ndcg_cut, recall and recip_rank).
const runs: GradedRun[] = [
  // Relevant: a (2), b (1). Ranked b, x, a: DCG = 1/log2(2) + 2/log2(4) = 2; ideal = 2 + 1/log2(3).
  { ranked: ["b", "x", "a"], relevance: new Map([["a", 2], ["b", 1]]) },
  // Relevant: c (1), not in the top 2.
  { ranked: ["y", "z", "c"], relevance: new Map([["c", 1]]) },
  // No judgement: not scored at all.
  { ranked: ["q"], relevance: new Map() },
];

describe("BEIR scorer", () => {
  it("computes graded nDCG with a log2 discount against the ideal ordering", () => {
    const first = 2 / (2 + 1 / Math.log2(3));
    const second = 1 / Math.log2(4) / 1;
    expect(ndcgAt(10, runs)).toBeCloseTo((first + second) / 2, 10);
    expect(ndcgAt(2, runs)).toBeCloseTo((1 / (2 + 1 / Math.log2(3)) + 0) / 2, 10);
  });

  it("computes recall over the judged relevant documents within the cut", () => {
    expect(recallAt(2, runs)).toBeCloseTo((0.5 + 0) / 2, 10);
    expect(recallAt(100, runs)).toBeCloseTo(1, 10);
  });

  it("computes the reciprocal rank of the first relevant document within the cut", () => {
    expect(mrrAt(10, runs)).toBeCloseTo((1 + 1 / 3) / 2, 10);
    expect(mrrAt(2, runs)).toBeCloseTo(0.5, 10);
  });
});

describe("BEIR scorer on the committed NFCorpus judgements", () => {
  it("gives a perfect ranking 1 and a ranking of unjudged documents 0", async () => {
    const { loadBeirDataset } = await import("../../eval/beir/load-dataset");
    const { queries, qrels } = loadBeirDataset("nfcorpus");
    const subset = queries.slice(0, 20);
    const perfect: GradedRun[] = subset.map((q) => {
      const relevance = qrels.get(q.id)!;
      return { ranked: [...relevance].sort((a, b) => b[1] - a[1]).map(([id]) => id), relevance };
    });
    expect(ndcgAt(10, perfect)).toBeCloseTo(1, 10);
    expect(recallAt(1000, perfect)).toBeCloseTo(1, 10);
    expect(mrrAt(10, perfect)).toBe(1);
    const reversed = perfect.map((r) => ({ ...r, ranked: [...r.ranked].reverse() }));
    expect(ndcgAt(10, reversed)).toBeLessThan(1);
    const unjudged = subset.map((q) => ({ ranked: ["no-such-document"], relevance: qrels.get(q.id)! }));
    expect(ndcgAt(10, unjudged)).toBe(0);
  });
});
