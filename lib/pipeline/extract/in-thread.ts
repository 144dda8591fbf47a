import type { ThreadedCategory } from "@/lib/pipeline/extract/extraction-pool";
import type { ChunkOptions } from "@/lib/pipeline/chunk";
import { EXTRACTORS } from "@/lib/pipeline/extractors";
import { measureExtraction, type MeasuredExtraction } from "@/lib/pipeline/measure-extraction";
import type { ExtractInput } from "@/lib/pipeline/types";

/** Runs inside extract-thread.mjs: extraction, then the limits, the token count and chunking. */
export async function extractMeasured(category: ThreadedCategory, input: ExtractInput, chunking: ChunkOptions): Promise<MeasuredExtraction> {
  return measureExtraction(category, await EXTRACTORS[category](input), chunking);
}
