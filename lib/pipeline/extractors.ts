import type { MediaCategory } from "@/lib/constants";
import { extractDocument } from "./extract/documents";
import type { Extractor } from "./types";

/** One extractor per category that is built; PROCESSABLE_CATEGORIES in constants mirrors this map. */
export const EXTRACTORS: Partial<Record<MediaCategory, Extractor>> = {
  document: extractDocument,
};
