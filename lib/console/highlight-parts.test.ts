import { describe, expect, it } from "vitest";
import { highlightParts } from "./highlight-parts";

describe("highlightParts", () => {
  it("splits on the API's <mark> markers", () => {
    expect(highlightParts("the <mark>lighthouse</mark> keeper")).toEqual([
      { text: "the ", mark: false },
      { text: "lighthouse", mark: true },
      { text: " keeper", mark: false },
    ]);
  });

  it("turns escaped markup back into plain text, never into elements", () => {
    expect(highlightParts("&lt;script&gt;alert(1)&lt;/script&gt; &amp; <mark>x</mark>")).toEqual([
      { text: "<script>alert(1)</script> & ", mark: false },
      { text: "x", mark: true },
    ]);
  });

  it("keeps text without markers whole", () => {
    expect(highlightParts("plain")).toEqual([{ text: "plain", mark: false }]);
    expect(highlightParts("")).toEqual([]);
  });
});
