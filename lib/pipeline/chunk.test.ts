import { describe, expect, it } from "vitest";
import { encode } from "gpt-tokenizer/encoding/cl100k_base";
import { chunkSections, chunkText, splitSentences } from "./chunk";

const sentence = (i: number) => `Sentence number ${i} tells a short story about lighthouse ${i}.`;

describe("chunkText", () => {
  it("keeps a short text whole", () => {
    expect(chunkText("One small paragraph.", { chunkSize: 100, chunkOverlap: 10 })).toEqual(["One small paragraph."]);
  });

  it("keeps decimals and file names whole: a stop ends a sentence only before a space", () => {
    const text = "Model 'part.stl' is 0.5 x 1.25 mm. It was made in v2.1! Next?";
    expect(chunkText(text, { chunkSize: 100, chunkOverlap: 10 })).toEqual([text]);
  });

  it("never exceeds the chunk size and overlaps consecutive chunks", () => {
    const text = Array.from({ length: 60 }, (_, i) => sentence(i)).join(" ");
    const chunks = chunkText(text, { chunkSize: 60, chunkOverlap: 20 });
    expect(chunks.length).toBeGreaterThan(5);
    for (const chunk of chunks) expect(encode(chunk).length).toBeLessThanOrEqual(60);
    for (let i = 1; i < chunks.length; i++) {
      const previousLast = chunks[i - 1]!.split(". ").at(-1)!.replace(/\.$/, "");
      expect(chunks[i]).toContain(previousLast);
    }
  });

  it("loses no sentence", () => {
    const text = Array.from({ length: 40 }, (_, i) => sentence(i)).join(" ");
    const joined = chunkText(text, { chunkSize: 50, chunkOverlap: 0 }).join(" ");
    for (let i = 0; i < 40; i++) expect(joined).toContain(`lighthouse ${i}.`);
  });

  it("splits a single sentence longer than the chunk size by tokens", () => {
    const long = Array.from({ length: 500 }, (_, i) => `word${i}`).join(" ");
    const chunks = chunkText(long, { chunkSize: 100, chunkOverlap: 10 });
    expect(chunks.length).toBeGreaterThanOrEqual(5);
    for (const chunk of chunks) expect(encode(chunk).length).toBeLessThanOrEqual(100);
    expect(chunks.join(" ")).toContain("word499");
  });

  it("refuses an overlap as large as the chunk", () => {
    expect(() => chunkSections([{ text: "x" }], { chunkSize: 10, chunkOverlap: 10 })).toThrow();
  });
});

describe("chunkSections", () => {
  it("numbers chunks across sections and keeps each section's page and label", () => {
    const chunks = chunkSections(
      [
        { text: "First page text.", page: 1, label: "Intro" },
        { text: "Second page text.", page: 2 },
      ],
      { chunkSize: 100, chunkOverlap: 10 },
    );
    expect(chunks).toEqual([
      { index: 0, text: "First page text.", tokenCount: encode("First page text.").length, page: 1, label: "Intro" },
      { index: 1, text: "Second page text.", tokenCount: encode("Second page text.").length, page: 2 },
    ]);
  });
});

describe("sentence splitting", () => {
  it("never breaks inside numbers, file names or key paths", () => {
    const text = "Revenue was 4.2 m in q1.xlsx. Then almanac.entries[2].note: calm! Next one? Yes.";
    const chunks = chunkText(text, { chunkSize: 16, chunkOverlap: 0 });
    expect(chunks.length).toBeGreaterThan(1);
    expect(chunks.join(" ")).toBe(text);
    expect(chunks.some((c) => c.includes("4.2 m in q1.xlsx."))).toBe(true);
  });
});

describe("splitSentences", () => {
  // The look-behind split the chunker used before; it was quadratic on a long run of ")".
  const lookBehindSplit = (paragraph: string) => paragraph.split(/(?<=[.!?]["')\]]*)\s+|(?<=。)/);

  it("cuts where the look-behind split cut", () => {
    const texts = [
      'He said "Stop!" Then left. (Really.) Fine? Yes!  Two  spaces.',
      "Version 4.2 shipped in q1.xlsx. a.b[2].c is a path. Done",
      "東京は日本の首都です。人口は約1400万人です。 Next sentence. Last",
      "Ends.)] here. And 'quoted.' too. . . dots",
      "No end at all",
      "",
    ];
    for (const text of texts) expect(splitSentences(text), text).toEqual(lookBehindSplit(text));
  });

  it("cuts where the look-behind split cut on random strings of stops, closers and spaces", () => {
    const alphabet = ['.', "!", "?", '"', "'", ")", "]", " ", "\n", "a", "。", "4"];
    let state = 42;
    for (let n = 0; n < 2000; n++) {
      let text = "";
      for (let i = 0; i < 12; i++) {
        state = (state * 1103515245 + 12345) & 0x7fffffff;
        text += alphabet[state % alphabet.length];
      }
      expect(splitSentences(text), JSON.stringify(text)).toEqual(lookBehindSplit(text));
    }
  });
});
