import { searchPage } from "@/lib/search/search-page";
import { AppError } from "@/lib/errors";
import { describe, expect, it } from "vitest";
import { bestPerMedia, bestVectorHits, fuseRankings, RRF_K, scoreMedia } from "@/lib/search/fuse";
import { highlightText } from "@/lib/search/highlight";
import { chromaWhere } from "@/lib/search/vector-search";
import { spaceModel } from "@/lib/vectors/space-model";

const hits = (...ids: string[]) => ids.map((mediaId) => ({ mediaId }));

describe("reciprocal rank fusion", () => {
  it("scores the top hit of both lists 1 and rewards agreement", () => {
    const scores = fuseRankings(hits("a", "b", "c"), hits("a", "c"), 0.5);
    expect(scores.get("a")).toBeCloseTo(1, 10);
    expect(scores.get("c")!).toBeGreaterThan(scores.get("b")!);
  });

  it("follows only one list at weight 0 or 1", () => {
    expect([...fuseRankings(hits("a", "b"), hits("z"), 0).keys()]).toEqual(["a", "b"]);
    expect([...fuseRankings(hits("a"), hits("z", "y"), 1).keys()]).toEqual(["z", "y"]);
  });

  it("uses 1/(k + rank)", () => {
    const scores = fuseRankings(hits("a", "b"), [], 0);
    expect(scores.get("b")).toBeCloseTo((RRF_K + 1) / (RRF_K + 2), 10);
  });

  it("keeps each media's best hit only", () => {
    expect(bestPerMedia([{ mediaId: "a", n: 1 }, { mediaId: "b", n: 2 }, { mediaId: "a", n: 3 }])).toEqual([
      { mediaId: "a", n: 1 },
      { mediaId: "b", n: 2 },
    ]);
  });
});

describe("fusion per embedding space", () => {
  // A text model's cosines run high (0.7-0.9 for USE-lite); CLIP's text-to-picture cosines are
  // ~0.2-0.35 even for the right picture. Merged by raw similarity, every picture would sink.
  const text = Array.from({ length: 20 }, (_, i) => ({ mediaId: `doc${i}`, similarity: 0.9 - i * 0.01 }));
  const pictures = [
    { mediaId: "pic0", similarity: 0.31 },
    { mediaId: "pic1", similarity: 0.24 },
  ];
  const top = (scores: Map<string, number>, k: number) => [...scores].sort((a, b) => b[1] - a[1]).slice(0, k).map(([id]) => id);

  it("ranks the best picture beside the best text chunk although its cosine is far lower", () => {
    for (const weight of [0, 0.8]) {
      const best = top(scoreMedia([text, pictures], [], weight), 4);
      expect(best).toContain("pic0");
      expect(best).toContain("doc0");
    }
  });

  it("keeps the cosine as the score when one space is searched alone", () => {
    expect(scoreMedia([text], [], 0).get("doc3")).toBeCloseTo(0.87, 10);
    expect(scoreMedia([[], pictures], [], 0).get("pic0")).toBeCloseTo(0.31, 10);
  });

  it("scores the top of every list 1 and shows a media's best-ranked hit", () => {
    const both = [{ mediaId: "pic0", similarity: 0.2, space: "visual" }];
    const scores = scoreMedia([[{ mediaId: "pic0", similarity: 0.5, space: "text" }], both], [{ mediaId: "pic0" }], 0.5);
    expect(scores.get("pic0")).toBeCloseTo(1, 10);
    const t = (mediaId: string, similarity: number) => ({ mediaId, similarity, space: "text" });
    const v = (mediaId: string, similarity: number) => ({ mediaId, similarity, space: "visual" });
    // pic0 is second among texts, first among pictures: its picture is shown.
    expect(bestVectorHits([[t("a", 0.8), t("pic0", 0.7)], [v("pic0", 0.2)]]).get("pic0")!.space).toBe("visual");
    // First in both: the closer match is shown.
    expect(bestVectorHits([[t("pic0", 0.5)], [v("pic0", 0.9)]]).get("pic0")!.space).toBe("visual");
  });
});

describe("highlights", () => {
  it("picks the sentence with the most query words and marks them, escaping HTML", () => {
    const text = "The weather was fine. Our <b>cat</b> chased a kitten across the yard. Nothing else happened.";
    expect(highlightText(text, "cat kitten")).toBe("Our &lt;b&gt;<mark>cat</mark>&lt;/b&gt; chased a <mark>kitten</mark> across the yard.");
  });

  it("shortens long excerpts", () => {
    expect(highlightText("word ".repeat(200), "nothing").length).toBeLessThanOrEqual(241);
  });
});

describe("Chroma filters", () => {
  it("builds one condition bare and several under $and", () => {
    expect(chromaWhere({}, { id: "col_c", name: "c" })).toBeUndefined();
    expect(chromaWhere({ mediaTypes: ["document"] }, { id: "col_c", name: "c" })).toEqual({ media_type: { $in: ["document"] } });
    expect(chromaWhere({ where: { attribute: "team", op: "eq", value: "a" }, createdAfter: new Date(10_000) }, { id: "col_c", name: "c" }, "med_x")).toEqual({
      $and: [{ created_at: { $gt: 10 } }, { team: { $eq: "a" } }, { media_id: { $ne: "med_x" } }],
    });
    // A filter on the collection folds per Chroma collection: true adds nothing, false skips the query.
    expect(chromaWhere({ where: { field: "collection", op: "eq", value: "c" } }, { id: "col_c", name: "c" })).toBeUndefined();
    expect(chromaWhere({ where: { field: "collection", op: "eq", value: "c" } }, { id: "col_d", name: "d" })).toBe(false);
  });
});

describe("search pages", () => {
  it("continue only the request they came from, and stop at the depth limit", () => {
    const first = searchPage({ max_results: 100 });
    expect(first).toMatchObject({ offset: 0, depth: 100 });
    const cursor = first.nextCursor(100)!;
    expect(searchPage({ max_results: 100, cursor })).toMatchObject({ offset: 100, depth: 200 });
    // 200 results deep is the end: no cursor past it, and a short page is the last one.
    expect(searchPage({ max_results: 100, cursor }).nextCursor(100)).toBeNull();
    expect(first.nextCursor(99)).toBeNull();
    expect(() => searchPage({ max_results: 50, cursor })).toThrow(AppError);
    expect(() => searchPage({ max_results: 100, cursor: "bm90IGEgY3Vyc29y" })).toThrow(AppError);
  });
});

describe("spaceModel", () => {
  const row = { textProvider: "offline", textModel: "use-lite", textDimension: 512, visualProvider: "transformers", visualModel: "clip", visualDimension: 32 };
  it("reads each space's model off the collection row, and null for a space that never stored vectors", () => {
    expect(spaceModel(row, "text")).toEqual({ provider: "offline", model: "use-lite", dimension: 512 });
    expect(spaceModel(row, "visual")).toEqual({ provider: "transformers", model: "clip", dimension: 32 });
    expect(spaceModel({ ...row, visualProvider: null, visualModel: null, visualDimension: null }, "visual")).toBeNull();
    expect(spaceModel(undefined, "text")).toBeNull();
  });
});
