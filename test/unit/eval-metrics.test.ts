import { describe, expect, it } from "vitest";
import { meanReciprocalRank, recallAt } from "@/eval/search/metrics";

describe("evaluation metrics", () => {
  const runs = [
    { ranked: ["a", "x", "b"], relevant: new Set(["a", "b"]) },
    { ranked: ["y", "z", "c"], relevant: new Set(["c"]) },
    { ranked: ["q"], relevant: new Set(["d"]) },
  ];

  it("computes recall@k as the share of relevant items in the top k", () => {
    expect(recallAt(1, runs)).toBeCloseTo((1 / 2 + 0 + 0) / 3, 10);
    expect(recallAt(3, runs)).toBeCloseTo((1 + 1 + 0) / 3, 10);
    expect(recallAt(10, [{ ranked: Array.from({ length: 10 }, (_, i) => `r${i}`), relevant: new Set(Array.from({ length: 20 }, (_, i) => `r${i}`)) }])).toBe(0.5);
  });

  it("computes the mean reciprocal rank of the first relevant hit", () => {
    expect(meanReciprocalRank(runs)).toBeCloseTo((1 + 1 / 3 + 0) / 3, 10);
  });

  it("ignores queries without relevant items", () => {
    expect(recallAt(5, [{ ranked: ["a"], relevant: new Set() }])).toBe(0);
    expect(meanReciprocalRank([...runs, { ranked: ["a"], relevant: new Set<string>() }])).toBeCloseTo((1 + 1 / 3 + 0) / 3, 10);
  });
});
