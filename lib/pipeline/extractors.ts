import type { MediaCategory } from "@/lib/constants";
import { extractAudio } from "./extract/audio";
import { extractDocument } from "./extract/documents";
import { extractModel3d } from "./extract/model3d";
import { extractImage } from "./extract/image";
import { extractVideo } from "./extract/video";
import type { Extractor } from "./types";

/** An extractor whose module (and its parsers) is loaded on first use, so a worker starts fast. */
const lazy =
  (load: () => Promise<Extractor>): Extractor =>
  async (input) =>
    (await load())(input);

/** One extractor per media category. */
export const EXTRACTORS: Record<MediaCategory, Extractor> = {
  document: extractDocument,
  model3d: extractModel3d,
  image: extractImage,
  video: extractVideo,
  audio: extractAudio,
  web: lazy(() => import("./extract/web").then((m) => m.extractWeb)),
  ebook: lazy(() => import("./extract/ebooks").then((m) => m.extractEbook)),
  presentation: lazy(() => import("./extract/presentations").then((m) => m.extractPresentation)),
  spreadsheet: lazy(() => import("./extract/spreadsheets").then((m) => m.extractSpreadsheet)),
};
