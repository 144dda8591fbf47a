import type { MediaCategory } from "@/lib/constants";
import { extractDocument } from "./extract/documents";
import { extractEbook } from "./extract/ebooks";
import { extractPresentation } from "./extract/presentations";
import { extractSpreadsheet } from "./extract/spreadsheets";
import { extractWeb } from "./extract/web";
import type { Extractor } from "./types";

/** One extractor per category that is built; PROCESSABLE_CATEGORIES in constants mirrors this map. */
export const EXTRACTORS: Partial<Record<MediaCategory, Extractor>> = {
  document: extractDocument,
  web: extractWeb,
  ebook: extractEbook,
  presentation: extractPresentation,
  spreadsheet: extractSpreadsheet,
};
