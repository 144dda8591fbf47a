import { describe, expect, it } from "vitest";
import { costBucketOf, costEstimateBody, dollarsToMicros, estimateCost, microsToDollars } from "@/lib/billing/pricing";

describe("pricing", () => {
  it("charges $0.03 processing + $0.01 storage per processed file", () => {
    const estimate = estimateCost(["document", "document", "document"]);
    expect(estimate.totalMicros).toBe(120_000);
    expect(costEstimateBody(estimate)).toEqual({
      total: 0.12,
      breakdown: { processing: { document: 0.09, image: 0, video: 0, audio: 0, model: 0 }, storage: 0.03 },
    });
  });

  it("prices nothing when every file is a duplicate", () => {
    expect(costEstimateBody(estimateCost([]))).toMatchObject({ total: 0, breakdown: { storage: 0 } });
  });

  it("puts each category in the reference's buckets", () => {
    expect(["document", "web", "ebook", "presentation", "spreadsheet"].map((c) => costBucketOf(c as never))).toEqual(Array(5).fill("document"));
    expect(costBucketOf("image")).toBe("image");
    expect(costBucketOf("video")).toBe("video");
    expect(costBucketOf("audio")).toBe("audio");
    expect(costBucketOf("model3d")).toBe("model");
    const mixed = costEstimateBody(estimateCost(["image", "model3d", "audio", "video", "spreadsheet"]));
    expect(mixed.breakdown.processing).toEqual({ document: 0.03, image: 0.03, video: 0.03, audio: 0.03, model: 0.03 });
    expect(mixed.total).toBe(0.2);
  });

  it("converts dollars and micro-dollars without float drift", () => {
    expect(microsToDollars(90_000)).toBe(0.09);
    expect(microsToDollars(1_000_000 - 7 * 40_000)).toBe(0.72);
    expect(dollarsToMicros(0.1 + 0.2)).toBe(300_000);
    expect(dollarsToMicros(25)).toBe(25_000_000);
  });
});
