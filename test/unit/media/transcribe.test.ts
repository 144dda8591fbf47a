import { describe, expect, it } from "vitest";
import { brief, transcriptSections } from "@/lib/pipeline/extract/transcribe";
import { parseSphinxTimes } from "@/lib/speech/offline";

describe("pocketsphinx output", () => {
  it("keeps words with their times, drops markers, silences and the utterance line", () => {
    const out = "hello world for\n<s> 0.000 0.020 0.999600\nhello 0.030 0.200 0.81\n<sil> 0.300 0.340 0.96\nworld 0.350 0.570 0.01\nfor(2) 0.580 0.720 0.01\n[NOISE] 0.8 0.9 0.5\n</s> 0.9 1.0 1.0\n";
    expect(parseSphinxTimes(out)).toEqual([
      { text: "hello", startS: 0.03, endS: 0.2 },
      { text: "world", startS: 0.35, endS: 0.57 },
      { text: "for", startS: 0.58, endS: 0.72 },
    ]);
  });

  it("groups words into 20-30 s sections, cut at the first pause after 20 s or at 30 s", () => {
    // Seventy one-second words without gaps, but for a one-second pause after the 25th.
    const words = Array.from({ length: 70 }, (_, i) => ({ text: `w${i}`, startS: i + (i >= 25 ? 1 : 0), endS: i + 1 + (i >= 25 ? 1 : 0) }));
    const sections = transcriptSections(words);
    expect(sections.map((s) => [s.startS, s.endS])).toEqual([
      [0, 25],
      [26, 56],
      [56, 71],
    ]);
    expect(sections[0]!.text.split(" ")).toHaveLength(25);
    for (const s of sections) expect(s.endS! - s.startS!).toBeLessThanOrEqual(30);
  });

  it("briefs cut at a word", () => {
    expect(brief("one two three four", 9)).toBe("one two...");
    expect(brief("  short \n text ")).toBe("short text");
  });
});
