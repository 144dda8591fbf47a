import type { ThreadedCategory } from "@/lib/pipeline/extract/extraction-pool";
import { CATEGORIES } from "@/lib/constants";
import { checkTextLimits } from "@/lib/pipeline/extract/text-limits";
import { countTokens } from "@/lib/pipeline/tokens";
import { EXTRACTORS } from "@/lib/pipeline/extractors";
import type { Extraction, ExtractInput } from "@/lib/pipeline/types";

export interface MeasuredExtraction {
  extraction: Extraction;
  /** cl100k tokens over all sections, for a category with a token limit: counted here, off the main thread. */
  tokens?: number;
}

/** Runs inside extract-thread.mjs: extraction, then the cheap text limits and the token count. */
export async function extractMeasured(category: ThreadedCategory, input: ExtractInput): Promise<MeasuredExtraction> {
  const extraction = await EXTRACTORS[category](input);
  checkTextLimits(extraction.sections);
  if (CATEGORIES[category].maxTokens === undefined) return { extraction };
  return { extraction, tokens: extraction.sections.reduce((sum, s) => sum + countTokens(s.text), 0) };
}
