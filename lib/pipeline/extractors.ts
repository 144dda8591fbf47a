import type { MediaCategory } from "@/lib/constants";
import { extractDocument } from "./extract/documents";
import type { Extractor } from "./types";

/** An extractor whose module (and its parsers) is loaded on first use, so a worker starts fast. */
const lazy =
  (load: () => Promise<Extractor>): Extractor =>
  async (input) =>
    (await load())(input);

/** One extractor per category that is built; PROCESSABLE_CATEGORIES in constants mirrors this map. */
export const EXTRACTORS: Partial<Record<MediaCategory, Extractor>> = {
  document: extractDocument,
  web: lazy(() => import("./extract/web").then((m) => m.extractWeb)),
  ebook: lazy(() => import("./extract/ebooks").then((m) => m.extractEbook)),
  presentation: lazy(() => import("./extract/presentations").then((m) => m.extractPresentation)),
  spreadsheet: lazy(() => import("./extract/spreadsheets").then((m) => m.extractSpreadsheet)),
};
