import yauzl, { type Entry, type ZipFile } from "yauzl";
import { MAX_ZIP_ENTRIES, MAX_ZIP_INFLATED_BYTES, MAX_ZIP_RATIO } from "@/lib/constants";
import { ItemError } from "@/lib/pipeline/types";

// The ratio applies to entries past this size: a small file may compress very well.
const RATIO_FLOOR_BYTES = 1_000_000;

export interface ReadZipOptions {
  /** Entries whose bytes are returned; all others are inflated and discarded (verified). */
  keep: (name: string) => boolean;
  /** Inflate only the kept entries (the caller never lets another reader touch the rest). */
  skipOthers?: boolean;
  signal?: AbortSignal;
  /** Names the format in messages, e.g. "DOCX". */
  format: string;
}

/**
 * Reads a zip with its declared sizes checked from the central directory before anything is
 * inflated, and every inflated stream held to its declared size (yauzl validates that), so a
 * bomb fails with corrupt_media instead of filling memory.
 */
export async function readZip(path: string, opts: ReadZipOptions): Promise<Map<string, Buffer>> {
  const zip = await open(path, opts.format);
  try {
    // The central directory says how many entries follow: a million (folders included) is refused before one is listed.
    if (zip.entryCount > MAX_ZIP_ENTRIES) throw tooManyEntries(opts.format, zip.entryCount);
    const entries = await listEntries(zip, opts.format);
    checkDeclaredSizes(entries, opts.format);
    const kept = new Map<string, Buffer>();
    for (const entry of entries) {
      if (opts.signal?.aborted) throw new ItemError("timeout", "extraction was cancelled");
      const keep = opts.keep(entry.fileName);
      if (!keep && opts.skipOthers) continue;
      const data = await inflate(zip, entry, keep, opts.format);
      if (keep) kept.set(entry.fileName, data);
    }
    return kept;
  } finally {
    zip.close();
  }
}

function corrupt(format: string, why: string): ItemError {
  return new ItemError("corrupt_media", `${format} file could not be read: ${why}`);
}

function tooManyEntries(format: string, count: number): ItemError {
  return new ItemError("content_limit_exceeded", `the ${format} file has ${count.toLocaleString("en")} zip entries; the limit is ${MAX_ZIP_ENTRIES.toLocaleString("en")} (MAX_ZIP_ENTRIES)`);
}

function open(path: string, format: string): Promise<ZipFile> {
  return new Promise((resolve, reject) => {
    yauzl.open(path, { lazyEntries: true, autoClose: false, strictFileNames: false }, (err, zip) => {
      if (err || !zip) reject(corrupt(format, `not a valid zip package (${err?.message ?? "unknown error"})`));
      else resolve(zip);
    });
  });
}

function listEntries(zip: ZipFile, format: string): Promise<Entry[]> {
  return new Promise((resolve, reject) => {
    const entries: Entry[] = [];
    let seen = 0;
    zip.on("entry", (entry: Entry) => {
      // Folders count too: a listing of a million folder entries is work as well.
      if (!entry.fileName.endsWith("/")) entries.push(entry);
      if (++seen > MAX_ZIP_ENTRIES) reject(tooManyEntries(format, seen));
      else zip.readEntry();
    });
    zip.once("end", () => resolve(entries));
    zip.once("error", (err: Error) => reject(corrupt(format, err.message)));
    zip.readEntry();
  });
}

function checkDeclaredSizes(entries: Entry[], format: string): void {
  let total = 0;
  for (const e of entries) {
    total += e.uncompressedSize;
    const ratio = e.uncompressedSize / Math.max(1, e.compressedSize);
    if (e.uncompressedSize > RATIO_FLOOR_BYTES && ratio > MAX_ZIP_RATIO) {
      throw corrupt(format, `entry ${e.fileName} would inflate ${Math.round(ratio)} times, over the limit of ${MAX_ZIP_RATIO} (MAX_ZIP_RATIO; a decompression bomb?)`);
    }
  }
  if (total > MAX_ZIP_INFLATED_BYTES) {
    throw corrupt(format, `its entries would inflate to ${Math.round(total / 1_000_000)} MB, over the ${MAX_ZIP_INFLATED_BYTES / 1_000_000} MB limit (MAX_ZIP_INFLATED_BYTES)`);
  }
}

function inflate(zip: ZipFile, entry: Entry, keep: boolean, format: string): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    zip.openReadStream(entry, (err, stream) => {
      if (err || !stream) return reject(corrupt(format, `entry ${entry.fileName}: ${err?.message ?? "unreadable"}`));
      const chunks: Buffer[] = [];
      stream.on("data", (chunk: Buffer) => {
        if (keep) chunks.push(chunk);
      });
      stream.once("error", (e: Error) => reject(corrupt(format, `entry ${entry.fileName}: ${e.message}`)));
      stream.once("end", () => resolve(Buffer.concat(chunks)));
    });
  });
}
