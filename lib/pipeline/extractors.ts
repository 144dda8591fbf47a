import type { MediaCategory } from "@/lib/constants";
import { extractAudio } from "./extract/audio";
import { extractDocument } from "./extract/documents";
import { extractModel3d } from "./extract/model3d";
import { extractImage } from "./extract/image";
import { extractVideo } from "./extract/video";
import type { Extractor } from "./types";

/** One extractor per category that is built; PROCESSABLE_CATEGORIES in constants mirrors this map. */
export const EXTRACTORS: Partial<Record<MediaCategory, Extractor>> = {
  document: extractDocument,
  model3d: extractModel3d,
  image: extractImage,
  video: extractVideo,
  audio: extractAudio,
};
