import type { MediaCategory } from "@/lib/constants";
import { extractDocument } from "./extract/documents";
import { extractModel3d } from "./extract/model3d";
import type { Extractor } from "./types";

/** One extractor per category that is built; PROCESSABLE_CATEGORIES in constants mirrors this map. */
export const EXTRACTORS: Partial<Record<MediaCategory, Extractor>> = {
  document: extractDocument,
  model3d: extractModel3d,
};
