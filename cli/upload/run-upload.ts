import { errorMessage, type TesseraClient } from "../../sdk/client";
import { checkFiles, splitIntoBatches } from "./plan";
import type { Progress } from "./progress";
import { contentKey, existingContent, sha256File } from "./resume";
import { submitBatches, type FileFailure } from "./submit";
import { waitForBatches } from "./wait";
import { storedFilename, walkPaths } from "./walk";

export interface UploadOptions {
  paths: string[];
  collection: string;
  forceOverwrite: boolean;
  metadata?: Record<string, string | number | boolean>;
  wait: boolean;
  concurrency: number;
  /** Least time between two rounds of status checks with --wait. */
  pollIntervalMs: number;
  /** The long poll's hold, GET /v1/batches/{id}?wait=N. */
  waitSeconds: number;
  stopped: () => boolean;
}

export interface UploadSummary {
  collection: string;
  files_found: number;
  uploaded: number;
  skipped_existing: string[];
  unsupported: { file: string; reason: string }[];
  failures: FileFailure[];
  batches: { batch_id: string; files: number; status: string }[];
  /** Item counts over the batches, as GET /v1/batches/{id} reports them (with --wait). */
  items: Record<string, number> | null;
  interrupted: boolean;
}

async function mapLimit<T, R>(items: T[], limit: number, fn: (item: T) => Promise<R>): Promise<R[]> {
  const out: R[] = new Array(items.length);
  let next = 0;
  await Promise.all(Array.from({ length: limit }, async () => {
    for (let i = next++; i < items.length; i = next++) out[i] = await fn(items[i]!);
  }));
  return out;
}

/** `tessera upload`: walk, check against the server's limits, skip what it has, send in batches, optionally wait. */
export async function runUpload(client: TesseraClient, options: UploadOptions, progress: Progress): Promise<UploadSummary> {
  const status = await client.GET("/v1/status");
  if (!status.data) throw new Error(`GET /v1/status failed: ${errorMessage(status.error, status.response)}`);
  const limits = status.data.data.upload_limits;

  const found = (await walkPaths(options.paths)).map((f) => ({ ...f, filename: storedFilename(f.relative) }));
  const { accepted, refused } = checkFiles(found, limits);
  const unsupported = refused.filter((r) => r.reason.startsWith("unsupported")).map((r) => ({ file: r.relative, reason: r.reason }));
  const failures: FileFailure[] = refused.filter((r) => !r.reason.startsWith("unsupported")).map((r) => ({ file: r.relative, error: r.reason }));

  const checked = await mapLimit(accepted, 4, async (f) => ({ ...f, checksum: await sha256File(f.path) }));
  // --force-overwrite reprocesses on purpose, so nothing is skipped; the Idempotency-Key still keeps a re-run from charging twice.
  const have = options.forceOverwrite ? new Set<string>() : await existingContent(client, options.collection);
  const toSend = checked.filter((f) => !have.has(contentKey(f)));
  const skipped = checked.filter((f) => have.has(contentKey(f))).map((f) => f.relative);

  const batches = splitIntoBatches(toSend, limits);
  progress.setTotals({ files: toSend.length });
  progress.log(`${found.length} files: ${toSend.length} to upload in ${batches.length} batches, ${skipped.length} already in '${options.collection}', ${unsupported.length} unsupported, ${failures.length} refused`);
  const batchOptions = options.metadata ? { metadata: options.metadata } : {};
  const submitted = await submitBatches(client, batches, { collection: options.collection, forceOverwrite: options.forceOverwrite, batchOptions, concurrency: options.concurrency, stopped: options.stopped }, progress);
  failures.push(...submitted.failures);

  let items: UploadSummary["items"] = null;
  const finalStatus = new Map<string, string>();
  if (options.wait && submitted.sent.length > 0 && !options.stopped()) {
    progress.setTotals({ files: toSend.length, items: submitted.sent.reduce((sum, b) => sum + b.total_items, 0) });
    const waited = await waitForBatches(client, submitted.sent, { collection: options.collection, intervalMs: options.pollIntervalMs, waitSeconds: options.waitSeconds, stopped: options.stopped }, progress);
    items = waited.counts as Record<string, number>;
    failures.push(...waited.failures);
    for (const [id, s] of waited.statuses) finalStatus.set(id, s.status);
  }
  progress.stop();
  return {
    collection: options.collection,
    files_found: found.length,
    uploaded: submitted.sent.reduce((sum, b) => sum + b.files.length, 0),
    skipped_existing: skipped,
    unsupported,
    failures,
    batches: submitted.sent.map((b) => ({ batch_id: b.batch_id, files: b.files.length, status: finalStatus.get(b.batch_id) ?? "submitted" })),
    items,
    interrupted: options.stopped() || submitted.unsent.length > 0,
  };
}

/** The human summary: totals, then every file that did not make it, with why. */
export function formatUploadSummary(s: UploadSummary): string {
  const lines = [
    `Collection '${s.collection}': ${s.files_found} files found, ${s.uploaded} uploaded in ${s.batches.length} batches, ${s.skipped_existing.length} already there, ${s.unsupported.length} unsupported, ${s.failures.length} failed.`,
  ];
  if (s.items) lines.push(`Items: ${Object.entries(s.items).filter(([, n]) => n > 0).map(([k, n]) => `${n} ${k}`).join(", ") || "none"}`);
  for (const u of s.unsupported) lines.push(`  skipped  ${u.file}: ${u.reason}`);
  for (const f of s.failures) lines.push(`  FAILED   ${f.file}: ${f.error}`);
  if (s.interrupted) lines.push("Interrupted: run the same command again to resume (files already uploaded are skipped).");
  return lines.join("\n");
}
