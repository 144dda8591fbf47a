import { errorMessage, type ApiData, type TesseraClient } from "../../sdk/client";
import type { Progress } from "./progress";
import { storedFilename } from "./walk";
import type { FileFailure, SentBatch } from "./submit";

type BatchStatus = ApiData<"/v1/batches/{id}", "get">;
export type ItemCounts = BatchStatus["counts"];

const FINAL = new Set(["completed", "failed", "cancelled"]);
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export interface WaitOptions {
  collection: string;
  /** First pause between polls; it grows by half after every poll, up to maxIntervalMs. */
  intervalMs: number;
  maxIntervalMs: number;
  stopped: () => boolean;
}

/**
 * Follows the batches to their end at about one request per poll for all of them: GET
 * /v1/batches lists up to 100 batches with their progress, so 200 batches in flight cost two
 * requests a poll, not 200. A batch is read on its own (with its errors) once, when it ends.
 */
export async function waitForBatches(client: TesseraClient, batches: SentBatch[], options: WaitOptions, progress: Progress) {
  const pending = new Map(batches.map((b) => [b.batch_id, b]));
  const done = new Map<string, BatchStatus>();
  const completedItems = new Map<string, number>();
  const createdAfter = batches.map((b) => b.created_at).sort()[0];
  let interval = options.intervalMs;
  let failedSoFar = 0;
  while (pending.size > 0 && !options.stopped()) {
    const seen = new Set<string>();
    let cursor: string | undefined;
    do {
      const { data, error, response } = await client.GET("/v1/batches", { params: { query: { collection: options.collection, created_after: createdAfter, limit: 100, ...(cursor && { cursor }) } } });
      if (!data) throw new Error(`listing batches failed: ${errorMessage(error, response)}`);
      for (const summary of data.data) {
        if (!pending.has(summary.batch_id)) continue;
        seen.add(summary.batch_id);
        completedItems.set(summary.batch_id, summary.completed_items);
        if (!FINAL.has(summary.status)) continue;
        const final = await client.GET("/v1/batches/{id}", { params: { path: { id: summary.batch_id }, query: { include_errors: "true" } } });
        if (!final.data) throw new Error(`reading batch ${summary.batch_id} failed: ${errorMessage(final.error, final.response)}`);
        done.set(summary.batch_id, final.data.data);
        failedSoFar += final.data.data.counts.failed;
        pending.delete(summary.batch_id);
      }
      cursor = data.next_cursor ?? undefined;
    } while (cursor && [...pending.keys()].some((id) => !seen.has(id)));
    progress.processed([...completedItems.values()].reduce((a, b) => a + b, 0), failedSoFar);
    if (pending.size === 0) break;
    // Growing even while items finish: a long upload settles at one poll per maxIntervalMs, whatever its pace.
    interval = Math.min(options.maxIntervalMs, interval * 1.5);
    await sleep(interval);
  }
  return summarize(batches, done);
}

function summarize(batches: SentBatch[], done: Map<string, BatchStatus>) {
  const counts: Record<string, number> = {};
  const failures: FileFailure[] = [];
  for (const batch of batches) {
    const status = done.get(batch.batch_id);
    if (!status) continue;
    for (const [state, n] of Object.entries(status.counts)) counts[state] = (counts[state] ?? 0) + n;
    const names = new Map(batch.files.map((relative) => [storedFilename(relative), relative]));
    for (const e of status.errors ?? []) failures.push({ file: names.get(e.filename) ?? e.filename, error: [e.code, e.message].filter(Boolean).join(": ") || "failed" });
  }
  return { statuses: done, counts: counts as Partial<ItemCounts>, failures, unfinished: batches.filter((b) => !done.has(b.batch_id)).map((b) => b.batch_id) };
}
