/** One unit of extracted text, with where it came from in the source file. */
export interface ExtractedSection {
  text: string;
  /** 1-based page number, for paginated sources (PDF). */
  page?: number;
  /** A heading or section label, when the source has structure. */
  label?: string;
  /** Start and end in seconds, for timed sources (transcripts, video). */
  startS?: number;
  endS?: number;
}

/** A normalised picture (image, video key frame, 3D thumbnail) for the visual embedding space. */
export interface ExtractedPicture {
  /** A file inside the item's workDir. */
  path: string;
  label?: string;
  startS?: number;
}

export interface Extraction {
  sections: ExtractedSection[];
  /** Flat facts about the file (page count, title, author...). Stored on the media row. */
  metadata: Record<string, string | number | boolean>;
  /**
   * A short text about the item (what it is, its metadata, its OCR or transcript in brief),
   * embedded in the text space so a text query reaches every media type.
   */
  description?: string;
  /** Pictures for the visual space (embedded once that space exists). */
  pictures?: ExtractedPicture[];
  /** Capabilities that were not available and what the item therefore lacks. */
  skipped?: string[];
}

export interface ExtractInput {
  /** Absolute path of the upload on disk. */
  path: string;
  /** Lower-case extension with its dot, e.g. ".pdf". */
  extension: string;
  /** The client's filename, for descriptions. */
  filename?: string;
  /** A private scratch directory for this run, removed after the item is stored. */
  workDir?: string;
  signal?: AbortSignal;
}

export type Extractor = (input: ExtractInput) => Promise<Extraction>;

/** Item-level failure codes: stored on the batch item and shown in results. */
export type ItemErrorCode =
  | "corrupt_media"
  | "unsupported_media"
  | "content_limit_exceeded"
  | "file_not_found"
  | "timeout"
  | "embedding_model_mismatch"
  | "processing_error";

/** An expected, per-item failure: the item fails (and is refunded) with this code and message. */
export class ItemError extends Error {
  constructor(
    readonly code: ItemErrorCode,
    message: string,
  ) {
    super(message);
    this.name = "ItemError";
  }
}
