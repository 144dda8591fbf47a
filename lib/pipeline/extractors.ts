import type { MediaCategory } from "@/lib/constants";
import type { Extractor } from "./types";

/**
 * An extractor whose module (and its parsers) is loaded on first use, so a worker starts fast
 * and an extraction thread loads only the parsers of the categories it is given.
 */
const lazy =
  (load: () => Promise<Extractor>): Extractor =>
  async (input) =>
    (await load())(input);

/** One extractor per media category. */
export const EXTRACTORS: Record<MediaCategory, Extractor> = {
  document: lazy(() => import("./extract/documents").then((m) => m.extractDocument)),
  model3d: lazy(() => import("./extract/model3d").then((m) => m.extractModel3d)),
  image: lazy(() => import("./extract/image").then((m) => m.extractImage)),
  video: lazy(() => import("./extract/video").then((m) => m.extractVideo)),
  audio: lazy(() => import("./extract/audio").then((m) => m.extractAudio)),
  web: lazy(() => import("./extract/web").then((m) => m.extractWeb)),
  ebook: lazy(() => import("./extract/ebooks").then((m) => m.extractEbook)),
  presentation: lazy(() => import("./extract/presentations").then((m) => m.extractPresentation)),
  spreadsheet: lazy(() => import("./extract/spreadsheets").then((m) => m.extractSpreadsheet)),
};
