import { createHash } from "node:crypto";
import { createReadStream } from "node:fs";
import { errorMessage, type TesseraClient } from "../../sdk/client";

// What makes a re-run cheap and safe: files the collection already holds are not sent again,
// and every batch carries an Idempotency-Key derived from its content, so a batch whose answer
// was lost (crash, Ctrl-C, dropped connection) is answered from the first submission, charged once.

export async function sha256File(file: string): Promise<string> {
  const hash = createHash("sha256");
  for await (const chunk of createReadStream(file)) hash.update(chunk as Buffer);
  return hash.digest("hex");
}

/** The server deduplicates by checksum and extension within a collection (lib/batches/create-batch.ts); so does this. */
export const contentKey = (f: { checksum: string; extension: string }) => `${f.checksum}${f.extension.toLowerCase()}`;

/**
 * The content keys of every media in the collection (pending or ready), read from GET /v1/media:
 * it lists each media's checksum. One request per 100 media. Failed uploads leave no media
 * (the server deletes them), so they are sent again.
 */
export async function existingContent(client: TesseraClient, collection: string): Promise<Set<string>> {
  const keys = new Set<string>();
  for (let page = 1; ; page++) {
    const { data, error, response } = await client.GET("/v1/media", { params: { query: { collection, page, page_size: 100 } } });
    if (!data) throw new Error(`listing the collection's media failed: ${errorMessage(error, response)}`);
    for (const m of data.data.media) keys.add(contentKey(m));
    if (page >= data.data.pagination.total_pages) return keys;
  }
}

/** Same collection, options and files (names and checksums, in order) = same key. */
export function batchIdempotencyKey(input: { collection: string; forceOverwrite: boolean; batchOptions: unknown; files: { filename: string; checksum: string }[] }): string {
  const canonical = JSON.stringify([input.collection, input.forceOverwrite, input.batchOptions ?? null, input.files.map((f) => [f.filename, f.checksum])]);
  return `tessera-cli-${createHash("sha256").update(canonical).digest("hex")}`;
}
