import { createInflate } from "node:zlib";
import { MAX_PDF_STREAM_INFLATED_BYTES } from "@/lib/constants";
import { ItemError } from "@/lib/pipeline/types";

const FLATE = Buffer.from("/FlateDecode");
const STREAM = Buffer.from("stream");
const END = Buffer.from("endstream");

/**
 * Inflates every FlateDecode stream of a PDF once, counting bytes and keeping none, before
 * pdf.js sees the file: pdf.js inflates a content stream whole, so a 400 MB one held a thread
 * for 9.5 s and 1.4 GB. A stream past MAX_PDF_STREAM_INFLATED_BYTES fails the item at once.
 * Streams that do not inflate are left for pdf.js to judge.
 */
export async function checkPdfStreams(bytes: Buffer, limit = MAX_PDF_STREAM_INFLATED_BYTES): Promise<void> {
  for (let at = bytes.indexOf(FLATE); at >= 0; ) {
    const keyword = bytes.indexOf(STREAM, at);
    if (keyword < 0) return;
    let start = keyword + STREAM.length;
    if (bytes[start] === 0x0d) start++;
    if (bytes[start] === 0x0a) start++;
    const end = bytes.indexOf(END, start);
    if (end < 0) return;
    const inflated = await inflatedSize(bytes.subarray(start, end), limit);
    if (inflated > limit) {
      throw new ItemError(
        "content_limit_exceeded",
        `a PDF stream inflates to more than ${limit / (1024 * 1024)} MB, the limit per stream (MAX_PDF_STREAM_INFLATED_BYTES)`,
      );
    }
    at = bytes.indexOf(FLATE, end);
  }
}

/** Bytes `data` inflates to, counted up to just past `limit`; 0 for data that is not zlib. */
function inflatedSize(data: Buffer, limit: number): Promise<number> {
  return new Promise((resolve) => {
    const inflater = createInflate();
    let total = 0;
    inflater.on("data", (chunk: Buffer) => {
      total += chunk.length;
      if (total > limit) {
        inflater.destroy();
        resolve(total);
      }
    });
    inflater.once("error", () => resolve(total));
    inflater.once("end", () => resolve(total));
    inflater.end(data);
  });
}
