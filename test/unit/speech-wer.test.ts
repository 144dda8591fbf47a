import { describe, expect, it } from "vitest";
import { normaliseWords, wordEdits, wordErrorRate } from "@/eval/speech/wer";

describe("word error rate", () => {
  it("counts substitutions, deletions and insertions against the reference", () => {
    expect(wordEdits(["a", "b", "c"], ["a", "b", "c"])).toBe(0);
    expect(wordEdits(["a", "b", "c"], ["a", "x", "c"])).toBe(1);
    expect(wordEdits(["a", "b", "c"], ["a", "c"])).toBe(1);
    expect(wordEdits(["a", "b", "c"], ["a", "b", "b", "c", "d"])).toBe(2);
    expect(wordEdits(["a", "b"], [])).toBe(2);
  });

  it("ignores case and punctuation, keeps apostrophes inside words", () => {
    expect(normaliseWords("And so, my fellow Americans: don't ask 'not'!")).toEqual(["and", "so", "my", "fellow", "americans", "don't", "ask", "not"]);
  });

  it("pools edits over clips", () => {
    expect(wordErrorRate([
      { reference: "he was not an ill disposed young man", hypothesis: "he was not an illness those young man" },
      { reference: "one two", hypothesis: "one two" },
    ])).toEqual({ edits: 2, words: 10, wer: 0.2 });
  });
});
