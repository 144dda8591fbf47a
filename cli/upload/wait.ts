import { errorMessage, type ApiData, type TesseraClient } from "../../sdk/client";
import type { Progress } from "./progress";
import { storedFilename } from "./walk";
import type { FileFailure, SentBatch } from "./submit";

type BatchStatus = ApiData<"/v1/batches/{id}", "get">;
export type ItemCounts = BatchStatus["counts"];
/** What the summary needs of an ended batch: the list gives it all unless items failed (then their errors are read). */
type Finished = Pick<BatchStatus, "batch_id" | "status" | "counts" | "errors">;

const FINAL = new Set(["completed", "failed", "cancelled"]);
const TERMINAL = ["succeeded", "failed", "skipped_duplicate", "cancelled"] as const;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export interface WaitOptions {
  collection: string;
  /** Least time between two rounds of status checks, however fast items finish. */
  intervalMs: number;
  /** How long one long poll (GET /v1/batches/{id}?wait=N) may hold; the server caps it. */
  waitSeconds: number;
  stopped: () => boolean;
}

/**
 * Follows the batches to their end in rounds. A round lists the batches (GET /v1/batches: 100
 * with their counts a request, so 200 batches in flight cost two requests, not 200), reads each
 * one that ended with failures once for its errors, then long-polls the newest unfinished batch: workers take
 * batches oldest first, so the newest moves last and its wait holds the full waitSeconds while the
 * others are processed, and answers at once when it ends. About 3 requests per waitSeconds (plus
 * one per batch with failures), and the end is seen within the server's check interval, not a poll interval later.
 */
export async function waitForBatches(client: TesseraClient, batches: SentBatch[], options: WaitOptions, progress: Progress) {
  const pending = new Map(batches.map((b) => [b.batch_id, b]));
  const done = new Map<string, Finished>();
  const completedItems = new Map<string, number>();
  const createdAfter = batches.map((b) => b.created_at).sort()[0];
  let failedSoFar = 0;
  const finish = (status: Finished) => {
    done.set(status.batch_id, status);
    completedItems.set(status.batch_id, TERMINAL.reduce((sum, s) => sum + status.counts[s], 0));
    failedSoFar += status.counts.failed;
    pending.delete(status.batch_id);
  };
  while (pending.size > 0 && !options.stopped()) {
    const roundStarted = Date.now();
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
        if (summary.counts.failed === 0) {
          finish(summary);
          continue;
        }
        const final = await client.GET("/v1/batches/{id}", { params: { path: { id: summary.batch_id }, query: { include_errors: "true" } } });
        if (!final.data) throw new Error(`reading batch ${summary.batch_id} failed: ${errorMessage(final.error, final.response)}`);
        finish(final.data.data);
      }
      cursor = data.next_cursor ?? undefined;
    } while (cursor && [...pending.keys()].some((id) => !seen.has(id)));
    progress.processed([...completedItems.values()].reduce((a, b) => a + b, 0), failedSoFar);
    const newest = [...pending.keys()].at(-1);
    if (!newest || options.stopped()) break;

    const polled = await longPoll(client, newest, options);
    if (polled && FINAL.has(polled.status)) finish(polled);
    else if (polled) completedItems.set(polled.batch_id, polled.progress.completed);
    // A batch moving fast answers every long poll at once: the floor keeps that from costing a request per item.
    const rest = options.intervalMs - (Date.now() - roundStarted);
    if (rest > 0 && pending.size > 0 && !options.stopped()) await sleep(rest);
  }
  return summarize(batches, done);
}

/** GET /v1/batches/{id}?wait=N with its errors, given up (null) when the user stops the upload. */
async function longPoll(client: TesseraClient, batchId: string, options: WaitOptions): Promise<BatchStatus | null> {
  const abort = new AbortController();
  const watch = setInterval(() => options.stopped() && abort.abort(), 250);
  try {
    const { data, error, response } = await client.GET("/v1/batches/{id}", {
      params: { path: { id: batchId }, query: { include_errors: "true", wait: options.waitSeconds } },
      signal: abort.signal,
    });
    if (!data) throw new Error(`reading batch ${batchId} failed: ${errorMessage(error, response)}`);
    return data.data;
  } catch (error) {
    if (abort.signal.aborted) return null;
    throw error;
  } finally {
    clearInterval(watch);
  }
}

function summarize(batches: SentBatch[], done: Map<string, Finished>) {
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
