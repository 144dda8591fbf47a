// The one home of every limit and price. The public contract (DESIGN.md and the
// reference page) is quoted beside each value; nothing else in the tree repeats them.

const MB = 1024 * 1024;

/** Per request: the reference page's "Maximum 25 files total or up to 100 MB". */
export const MAX_FILES_PER_BATCH = 25;
export const MAX_BATCH_BYTES = 100 * MB;
/** Multipart overhead allowed above MAX_BATCH_BYTES before the stream is cut (413). */
export const MAX_BODY_OVERHEAD_BYTES = 1 * MB;
/** Media ids in one DELETE /v1/media/batch or collection move (DESIGN.md: batch delete, max 100). */
export const MAX_MEDIA_IDS_PER_REQUEST = 100;

export type MediaCategory =
  | "document"
  | "web"
  | "ebook"
  | "presentation"
  | "spreadsheet"
  | "image"
  | "video"
  | "audio"
  | "model3d";

export interface CategorySpec {
  extensions: readonly string[];
  maxBytes: number;
  /** Content limits that need the file read fail the item (refunded), not the request. */
  maxTokens?: number;
  maxDurationSeconds?: number;
}

export const CATEGORIES: Record<MediaCategory, CategorySpec> = {
  document: { extensions: [".pdf", ".doc", ".docx", ".rtf", ".odt", ".txt", ".md"], maxBytes: 20 * MB, maxTokens: 75_000 },
  web: { extensions: [".html", ".htm", ".hml", ".xml", ".json"], maxBytes: 20 * MB },
  ebook: { extensions: [".epub", ".eml"], maxBytes: 20 * MB },
  presentation: { extensions: [".pptx", ".odp"], maxBytes: 20 * MB },
  // The reference lists .gif under spreadsheets too; DESIGN.md decides it is an image.
  spreadsheet: { extensions: [".csv", ".tsv", ".xlsx", ".xls", ".ods"], maxBytes: 20 * MB },
  image: {
    extensions: [".jpg", ".jpeg", ".png", ".gif", ".bmp", ".tiff", ".tif", ".webp", ".svg", ".heic", ".heif"],
    maxBytes: 20 * MB,
  },
  video: { extensions: [".mp4", ".mov", ".avi", ".webm", ".mpeg", ".mpg", ".wmv"], maxBytes: 100 * MB, maxDurationSeconds: 600 },
  audio: { extensions: [".mp3", ".wav", ".m4a", ".flac", ".ogg", ".aac", ".aiff", ".wma"], maxBytes: 50 * MB, maxDurationSeconds: 600 },
  model3d: { extensions: [".stl", ".obj", ".fbx", ".glb", ".3mf", ".ply", ".dae"], maxBytes: 50 * MB },
};


/** Above this many vertices a 3D model fails with content_limit_exceeded (parse time and memory grow with it). */
export const MODEL3D_MAX_VERTICES = 5_000_000;
/** Larger models get no thumbnail: drawing them would add seconds to the parse worker (1 M triangles: ~2 s here). */
export const MODEL3D_THUMBNAIL_MAX_TRIANGLES = 1_000_000;

/**
 * Extraction limits for the text categories without a token limit of their own: past them an
 * item fails with content_limit_exceeded (refunded) instead of filling the worker's memory or
 * outliving ITEM_TIMEOUT_SECONDS while its chunks are embedded (~100 ms per chunk here).
 */
export const MAX_EXTRACTED_CHARS = 2_000_000;
/** Cells read from one spreadsheet, over all its sheets. */
export const MAX_SPREADSHEET_CELLS = 1_000_000;
/** Scanned PDF pages OCRed per item: Tesseract takes 3-4 s a page on one core. */
export const MAX_OCR_PAGES = 40;
/**
 * Pages per PDF. Past this a document cannot fit the 75,000-token limit with even a line a
 * page, and pdf.js walks the page tree from its root for every page: a 50,000-page blank PDF
 * held a worker for over five minutes. Checked before any page is read.
 */
export const MAX_PDF_PAGES = 2_000;
/**
 * A run of this many characters without whitespace is not prose (a one-word 15 MB .txt, a
 * base64 blob): past it an item fails with content_limit_exceeded before it is tokenised.
 * Long URLs and data: URIs of small pictures stay well under it.
 */
export const MAX_RUN_WITHOUT_WHITESPACE = 100_000;
/** Columns per spreadsheet row (Excel's own maximum): a 100,000-column CSV is refused before its rows are read. */
export const MAX_SHEET_COLUMNS = 16_384;
/** Bytes one PDF stream may inflate to: a 400 MB content stream took 9.5 s and 1.4 GB. A 600 dpi A4 RGB scan is ~105 MB. */
export const MAX_PDF_STREAM_INFLATED_BYTES = 128 * MB;
/**
 * ZIP containers (DOCX, XLSX, PPTX, ODF, EPUB, 3MF), checked from the central directory before
 * anything is inflated: Office files of 20 MB hold far less once inflated, and a ratio past 100
 * on a large entry is what bombs look like, never real XML.
 */
export const MAX_ZIP_ENTRIES = 10_000;
export const MAX_ZIP_INFLATED_BYTES = 200_000_000;
export const MAX_ZIP_RATIO = 100;
/** Heap of one extraction thread (lib/pipeline/extract/extraction-pool.ts): past it the item fails with content_limit_exceeded. */
export const EXTRACTION_HEAP_MB = 1024;
/** Wall-clock bound on reading one file in its extraction thread; the thread is terminated past it. */
export const EXTRACTION_DEADLINE_MS = 120_000;
/** One picture or page in one OCR engine: past this its worker thread is terminated and the item fails with timeout. */
export const OCR_PAGE_TIMEOUT_MS = 60_000;
/** OCR engines (worker threads, ~80 MB each) per process: one per core of a 2-core machine; more items wait. */
export const OCR_THREADS = 2;
/** An OCR engine without work for this long is ended, giving its memory back. */
export const OCR_IDLE_MS = 60_000;

/** Money is integer micro-dollars: 1 USD = 1_000_000. */
export const MICROS_PER_DOLLAR = 1_000_000;
/** DESIGN.md: $0.03 processing + $0.01 storage per processed file. */
export const PROCESSING_PRICE_MICROS = 30_000;
export const STORAGE_PRICE_MICROS = 10_000;
export const ITEM_PRICE_MICROS = PROCESSING_PRICE_MICROS + STORAGE_PRICE_MICROS;

/** Stripe amounts are cents: 1 cent = 10_000 micros, so a top-up must be a whole number of cents. */
export const MICROS_PER_CENT = 10_000;
/** DESIGN.md: "Top-ups come from Stripe Checkout (minimum $10)". */
export const TOPUP_MIN_MICROS = 10_000_000;
/** One top-up at most $10,000: a slipped digit should not reach a card; larger sums go through an operator. */
export const TOPUP_MAX_MICROS = 10_000_000_000;
/**
 * A Stripe webhook signed longer ago than this is refused (Stripe's own default). With the
 * once-per-session ledger entry, it is the replay protection for a captured delivery.
 */
export const STRIPE_WEBHOOK_TOLERANCE_SECONDS = 300;
/** Request bodies read whole into memory (JSON, Stripe webhooks) are refused past 1 MB. */
export const MAX_BUFFERED_BODY_BYTES = 1 * MB;

/** Chunking, in tokens of the cl100k encoding. */
export const DEFAULT_CHUNK_SIZE = 400;
export const DEFAULT_CHUNK_OVERLAP = 60;
export const MIN_CHUNK_SIZE = 50;
export const MAX_CHUNK_SIZE = 2_000;

/** Item processing: retries with backoff, and the lease after which a dead worker's item is taken again. */
export const ITEM_MAX_ATTEMPTS = 3;
/**
 * An item whose lease lapsed this many times (its worker died or froze while holding it) is a
 * poison item: it fails with a precise error, refunded, instead of taking down a third worker.
 */
export const ITEM_MAX_LOST_WORKERS = 2;
export const DEFAULT_ITEM_LEASE_SECONDS = 60;

/** Before any item has been measured, the estimate assumes this many seconds per item. */
export const DEFAULT_SECONDS_PER_ITEM = 5;

export const COLLECTION_ID_PATTERN = /^[A-Za-z0-9_\-./]{1,128}$/;
export const DEFAULT_COLLECTION_ID = "default";

/** Webhooks: a receiver gets 10 s per attempt; 2xx means delivered. */
export const WEBHOOK_TIMEOUT_MS = 10_000;
/**
 * Retries: the delay after attempt n is min(base * 4^(n-1), 6 h) with base
 * WEBHOOK_RETRY_BASE_SECONDS (30 s): 30 s, 2 min, 8 min, 32 min, 2 h 8 min, then 6 h.
 * Ten attempts put the last one about 27 h after the first: a receiver down for a day
 * still gets the event.
 */
export const WEBHOOK_MAX_ATTEMPTS = 10;
export const WEBHOOK_MAX_DELAY_SECONDS = 6 * 60 * 60;
/** A receiver's response body is kept for the record only up to this many characters. */
export const WEBHOOK_ERROR_MAX_CHARS = 500;

/** Inngest driver: items of one account processed at once (fairness between tenants). */
export const INNGEST_ITEM_CONCURRENCY_PER_ACCOUNT = 4;
/**
 * Requests an hour per key unless api_keys.rate_limit_per_hour says otherwise. DESIGN.md's 1,000
 * was raised for batch clients: a client that submits and reads each batch once when it ends
 * spends ~0.09 requests a file (`tessera upload --wait` did: 437 on 5,000 files; 224 now that the
 * list carries counts), so 1,000 an hour held it to ~11,000 files an hour, below what one 2-core
 * worker processes (12-23 files/s measured); 5,000 lets it keep such a server busy (README).
 */
export const DEFAULT_RATE_LIMIT_PER_HOUR = 5_000;
export const RATE_LIMIT_WINDOW_SECONDS = 3_600;
/** GET /v1/batches/{id}?wait=N holds the request at most this long (below common proxies' 60 s idle timeouts). */
export const MAX_BATCH_WAIT_SECONDS = 30;
/** How often a waiting request re-reads the batch: one small indexed query, in place of a client's HTTP poll. */
export const BATCH_WAIT_CHECK_MS = 250;

/** An owner's invitation link works this long, once. */
export const INVITATION_TTL_HOURS = 7 * 24;
/** A console session ends this long after sign-in, however active (SESSION_MAX_AGE_SECONDS overrides). */
export const DEFAULT_SESSION_MAX_AGE_SECONDS = 8 * 3600;
/** Console sessions share /v1 with API keys; polling live progress needs more than a key's default. */
export const SESSION_RATE_LIMIT_PER_HOUR = 20_000;

/** Previews kept for the console: WebP, this many pixels on the long side at most (a thumbnail, not a copy). */
export const PREVIEW_MAX_EDGE = 480;
/** At most this many previews per media (a video's key frames are capped lower by the extractor). */
export const MAX_PREVIEWS_PER_MEDIA = 32;
/** The console's collection page loads this many media per "Load more". */
export const CONSOLE_MEDIA_PAGE_SIZE = 25;

/**
 * Default lexical_weight of POST /v1/search: weighted reciprocal rank fusion leaning on BM25.
 * Measured with the offline text model on NFCorpus and ArguAna (npm run eval:beir, README's
 * Search quality): 0.8 is the one weight tried at or above both of its halves on both.
 */
export const DEFAULT_LEXICAL_WEIGHT = 0.8;

/**
 * Per-file attributes (user metadata): batch_options.metadata merged with file_metadata, and
 * PATCH /v1/media/{id}. OpenAI's vector store files allow 16 string/number/boolean attributes;
 * Tessera kept batch metadata's 32 keys and 1,000-character strings.
 */
export const MAX_ATTRIBUTE_KEYS = 32;
export const MAX_ATTRIBUTE_KEY_LENGTH = 64;
export const MAX_ATTRIBUTE_STRING_LENGTH = 1_000;
/** Letters first: `_` starts Tessera's own vector keys (type markers), `#` Chroma's. */
export const ATTRIBUTE_KEY_PATTERN = /^[A-Za-z][A-Za-z0-9_.-]*$/;
export const MAX_EXTERNAL_ID_LENGTH = 255;

/** The search filter language (lib/search/filter-language.ts): comparisons per filter, nesting, values per in/nin. */
export const MAX_FILTER_CONDITIONS = 50;
export const MAX_FILTER_DEPTH = 6;
export const MAX_FILTER_LIST = 100;

/** Search paging: a cursor reaches this many results deep (each list then fetches 5x as many candidates). */
export const MAX_SEARCH_DEPTH = 200;
/** context_chunks: neighbouring chunks returned on each side of a hit's chunk. */
export const MAX_CONTEXT_CHUNKS = 5;
