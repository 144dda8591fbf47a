import { CATEGORIES, type MediaCategory } from "@/lib/constants";
import { checkTextLimits } from "@/lib/pipeline/extract/text-limits";
import { chunkSections, type Chunk, type ChunkOptions } from "./chunk";
import { countTokens } from "./tokens";
import { ItemError, type Extraction } from "./types";

export interface MeasuredExtraction {
  extraction: Extraction;
  /** The item's chunks, before they are fitted to the embedding model's own token limit. */
  chunks: Chunk[];
}

/**
 * What follows extraction and needs no database or model: the cheap text limits, the
 * category's token limit, and chunking. Text parsers run it in their extraction thread, so the
 * worker's main thread never tokenises a whole file.
 */
export function measureExtraction(category: MediaCategory, extraction: Extraction, chunking: ChunkOptions): MeasuredExtraction {
  checkTextLimits(extraction.sections);
  const maxTokens = CATEGORIES[category].maxTokens;
  if (maxTokens !== undefined) {
    const tokens = extraction.sections.reduce((sum, s) => sum + countTokens(s.text), 0);
    if (tokens > maxTokens) throw new ItemError("content_limit_exceeded", `The document has ${tokens} tokens; the limit is ${maxTokens}.`);
  }
  // The description comes first, so a text query about what the item is reaches it too.
  const sections = extraction.description ? [{ text: extraction.description, label: "description" }, ...extraction.sections] : extraction.sections;
  return { extraction, chunks: chunkSections(sections, chunking) };
}
