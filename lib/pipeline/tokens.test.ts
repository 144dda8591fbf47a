import { beforeEach, describe, expect, it, vi } from "vitest";
import { CL100K_TOKEN_SPLIT_REGEX } from "gpt-tokenizer/encodingParams/constants";

// The byte-pair merge costs the square of each pre-token's length; recording what the library is
// handed measures that work exactly, with no clock in the assertion.
const work = { merge: 0 };
function recordMergeWork(text: string) {
  for (const [preToken] of text.matchAll(CL100K_TOKEN_SPLIT_REGEX)) work.merge += preToken.length ** 2;
}
vi.mock("gpt-tokenizer/encoding/cl100k_base", async (importOriginal) => {
  const original = await importOriginal<typeof import("gpt-tokenizer/encoding/cl100k_base")>();
  return {
    ...original,
    countTokens: (text: string, options?: object) => (recordMergeWork(text), original.countTokens(text, options)),
    encode: (text: string, options?: object) => (recordMergeWork(text), original.encode(text, options)),
  };
});

const { countTokens, encodeTokens, MAX_PRE_TOKEN_CHARS } = await import("./tokens");
const { chunkText } = await import("./chunk");
const library = await vi.importActual<typeof import("gpt-tokenizer/encoding/cl100k_base")>("gpt-tokenizer/encoding/cl100k_base");
const PLAIN = { disallowedSpecial: new Set<string>() };

// Counts computed with the tokenizer before pre-tokens were bounded (gpt-tokenizer's cl100k whole).
const KNOWN_COUNTS: [string, number][] = [
  ["The quick brown fox jumps over the lazy dog.", 10],
  ["It was the best of times, it was the worst of times, it was the age of wisdom, it was the age of foolishness.", 29],
  ['Revenue grew 12.5% to $4,230,118 in Q3 2024 (see q3-report.xlsx, sheet "Summary").', 31],
  ["Ce n'est pas la première fois que l'équipe déménage à Zürich — ni la dernière.", 23],
  ["東京は日本の首都です。人口は約1400万人です。", 22],
  ["  Indented line\n\n\tTabbed paragraph with trailing spaces   \n", 13],
  ["function add(a, b) {\n  return a + b; // sum\n}\n", 17],
  ["Emoji 🚀🔥 and <|endoftext|> are content, not control tokens.", 21],
];

/** Letters with no pattern, so no cache of repeated pieces makes a long word look cheap. */
function oneWord(length: number, seed: number): string {
  const letters: string[] = [];
  let state = seed;
  for (let i = 0; i < length; i++) {
    state = (state * 1103515245 + 12345) & 0x7fffffff;
    letters.push(String.fromCharCode(97 + (state % 26)));
  }
  return letters.join("");
}

const prose = KNOWN_COUNTS.map(([s]) => s).join(" ").repeat(40) + "\n\n" + "Spaces   between\twords\r\nand lines.".repeat(30);

beforeEach(() => {
  work.merge = 0;
});

describe("countTokens", () => {
  it("keeps the counts of real sentences", () => {
    for (const [sentence, count] of KNOWN_COUNTS) expect(countTokens(sentence), sentence).toBe(count);
  });

  it("gives the whole-text cl100k tokens for text longer than one bounded part", () => {
    expect(prose.length).toBeGreaterThan(10 * MAX_PRE_TOKEN_CHARS);
    expect(countTokens(prose)).toBe(library.countTokens(prose, PLAIN));
    expect(encodeTokens(prose)).toEqual(library.encode(prose, PLAIN));
    const mixed = `${prose} ${"x".repeat(1000)} ${prose}`;
    expect(library.decode(encodeTokens(mixed))).toBe(mixed);
  });

  it("never splits a surrogate pair", () => {
    const emoji = "🚀".repeat(MAX_PRE_TOKEN_CHARS * 3);
    expect(library.decode(encodeTokens(emoji))).toBe(emoji);
  });

  it("does work linear in the length of a word without whitespace", () => {
    countTokens(oneWord(200_000, 1));
    const small = work.merge;
    work.merge = 0;
    const count = countTokens(oneWord(2_000_000, 2));
    const large = work.merge;
    // Whole, the merge work grows with the square: 100x for ten times the text.
    expect(large / small).toBeLessThan(12);
    expect(count).toBeGreaterThan(2_000_000 / 8);
  });

  it("bounds the work on runs of punctuation and of whitespace too", () => {
    for (const make of [(n: number) => ")".repeat(n), (n: number) => `x${" ".repeat(n)}y`]) {
      work.merge = 0;
      countTokens(make(200_000));
      const small = work.merge;
      work.merge = 0;
      countTokens(make(2_000_000));
      expect(work.merge / small).toBeLessThan(12);
    }
  });
});

describe("chunkText on a word without whitespace", () => {
  it("splits it with linear work into token windows that lose nothing", () => {
    const options = { chunkSize: 512, chunkOverlap: 64 };
    chunkText(oneWord(200_000, 3), options);
    const small = work.merge;
    work.merge = 0;
    const word = oneWord(2_000_000, 4);
    const chunks = chunkText(word, options);
    expect(work.merge / small).toBeLessThan(12);
    expect(chunks.join("")).toBe(word);
    expect(chunks.length).toBe(Math.ceil(encodeTokens(word).length / options.chunkSize));
  });
});
