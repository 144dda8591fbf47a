import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { ItemError } from "@/lib/pipeline/types";
import { extractInThread } from "./extraction-pool";

const CHUNKING = { chunkSize: 400, chunkOverlap: 60 };

const tmp = mkdtempSync(path.join(tmpdir(), "tessera-pool-"));
const file = (name: string, content: string) => {
  const p = path.join(tmp, name);
  writeFileSync(p, content);
  return p;
};

/** ~900,000 cells: under the cell limit, seconds of synchronous parsing and well over 48 MB of heap. */
const bigCsv = (rows = 99_000) => file(`big-${rows}.csv`, `a,b,c,d,e,f,g,h,i\n${"1,2,3,4,5,6,7,8,9\n".repeat(rows)}`);

async function failure(promise: Promise<unknown>): Promise<ItemError> {
  const err = await promise.then(() => null, (e: unknown) => e);
  expect(err).toBeInstanceOf(ItemError);
  return err as ItemError;
}

describe("extractInThread", () => {
  it("reads, checks and chunks a file in a thread, with the main event loop free all along", async () => {
    const text = file("note.txt", "The ferry leaves at noon from pier four.\n\nTickets are sold on board.");
    const small = await extractInThread("document", { path: text, extension: ".txt" }, CHUNKING);
    expect(small.extraction.sections.map((s) => s.text).join(" ")).toContain("ferry leaves at noon");
    expect(small.chunks.map((c) => c.text).join(" ")).toContain("Tickets are sold on board");
    expect(small.chunks[0]!.tokenCount).toBeGreaterThan(10);

    // csv-parse is synchronous: on the main thread not one tick would fire until it finished.
    let ticks = 0;
    const ticker = setInterval(() => ticks++, 20);
    const started = Date.now();
    // Under the text limit of 2,000,000 characters.
    const sheet = await extractInThread("spreadsheet", { path: bigCsv(20_000), extension: ".csv" }, CHUNKING);
    const elapsed = Date.now() - started;
    clearInterval(ticker);
    expect(sheet.extraction.metadata.row_count).toBe(20_000);
    expect(ticks).toBeGreaterThanOrEqual(Math.floor(elapsed / 20 / 4));
  }, 60_000);

  it("fails the item with content_limit_exceeded naming the heap limit when parsing needs more memory", async () => {
    const err = await failure(extractInThread("spreadsheet", { path: bigCsv(), extension: ".csv" }, CHUNKING, { heapMb: 48 }));
    expect(err.code).toBe("content_limit_exceeded");
    expect(err.message).toMatch(/more than 48 MB of memory.*EXTRACTION_HEAP_MB/);
  }, 60_000);

  it("terminates a thread past its deadline and fails the item with timeout naming the limit", async () => {
    const err = await failure(extractInThread("spreadsheet", { path: bigCsv(), extension: ".csv" }, CHUNKING, { deadlineMs: 300 }));
    expect(err.code).toBe("timeout");
    expect(err.message).toMatch(/EXTRACTION_DEADLINE_MS/);
  }, 60_000);

  it("ends the thread when the item is cancelled, failing with the signal's reason", async () => {
    const controller = new AbortController();
    const running = extractInThread("spreadsheet", { path: bigCsv(), extension: ".csv", signal: controller.signal }, CHUNKING);
    setTimeout(() => controller.abort(new ItemError("timeout", "Processing took longer than 5 seconds.")), 200);
    const err = await failure(running);
    expect(err.message).toBe("Processing took longer than 5 seconds.");
  }, 60_000);

  it("brings a parser's ItemError back with its code, and refuses a run without whitespace before tokenising it", async () => {
    const err = await failure(extractInThread("document", { path: file("one-word.txt", "a".repeat(3_000_000)), extension: ".txt" }, CHUNKING));
    expect(err.code).toBe("content_limit_exceeded");
    expect(err.message).toBe("the text has a run of 3,000,000 characters without whitespace; the limit is 100,000 (MAX_RUN_WITHOUT_WHITESPACE)");
  }, 60_000);
});
