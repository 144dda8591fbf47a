import { MAX_RUN_WITHOUT_WHITESPACE } from "@/lib/constants";
import { ItemError, type ExtractedSection } from "@/lib/pipeline/types";

/** Length of the longest run of characters without whitespace: one linear pass, no regex backtracking. */
export function longestRunWithoutWhitespace(text: string): number {
  let longest = 0;
  let run = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    // ASCII whitespace plus the Unicode spaces real text uses (NBSP, the U+2000 block, ideographic space).
    if (c <= 32 || c === 0xa0 || (c >= 0x2000 && c <= 0x200b) || c === 0x3000 || c === 0x2028 || c === 0x2029) run = 0;
    else if (++run > longest) longest = run;
  }
  return longest;
}

/** Cheap checks on what an extractor produced, before anything tokenises or chunks it. */
export function checkTextLimits(sections: ExtractedSection[]): void {
  for (const section of sections) {
    const run = longestRunWithoutWhitespace(section.text);
    if (run > MAX_RUN_WITHOUT_WHITESPACE) {
      throw new ItemError(
        "content_limit_exceeded",
        `the text has a run of ${run.toLocaleString("en")} characters without whitespace; the limit is ${MAX_RUN_WITHOUT_WHITESPACE.toLocaleString("en")} (MAX_RUN_WITHOUT_WHITESPACE)`,
      );
    }
  }
}
