import { errorMessage, type TesseraClient } from "../../sdk/client";
import { submitBatch } from "../../sdk/upload";
import type { Progress } from "./progress";
import { batchIdempotencyKey } from "./resume";
import type { PlannedFile } from "./plan";

export interface SentBatch {
  batch_id: string;
  files: string[];
  total_items: number;
  created_at: string;
}

export interface FileFailure {
  file: string;
  error: string;
}

export interface SubmitOptions {
  collection: string;
  forceOverwrite: boolean;
  batchOptions: Record<string, unknown>;
  concurrency: number;
  /** Checked before each batch: Ctrl-C stops sending new batches and lets those in flight finish. */
  stopped: () => boolean;
}

type Checked = PlannedFile & { checksum: string };

/** Sends the batches, at most `concurrency` at once; returns what the server accepted and every file it refused. */
export async function submitBatches(client: TesseraClient, batches: Checked[][], options: SubmitOptions, progress: Progress) {
  const sent: SentBatch[] = [];
  const failures: FileFailure[] = [];
  const queue = batches.map((files, index) => ({ files, index }));
  const byFilename = (files: Checked[]) => new Map(files.map((f) => [f.filename, f.relative]));

  async function sendOne({ files, index }: { files: Checked[]; index: number }) {
    const idempotencyKey = batchIdempotencyKey({ collection: options.collection, forceOverwrite: options.forceOverwrite, batchOptions: options.batchOptions, files });
    const { data, error, response } = await submitBatch(client, {
      files,
      collection: options.collection,
      forceOverwrite: options.forceOverwrite,
      // skip_invalid: one file the server refuses by content does not sink the other 24.
      batchOptions: { ...options.batchOptions, skip_invalid: true },
      idempotencyKey,
    });
    const names = byFilename(files);
    if (!data) {
      const details = (error as { error?: { details?: { files?: { filename: string; reason?: string; message?: string }[] } } })?.error?.details?.files;
      if (details?.length) {
        for (const f of details) failures.push({ file: names.get(f.filename) ?? f.filename, error: f.reason ?? f.message ?? errorMessage(error, response) });
      } else {
        for (const f of files) failures.push({ file: f.relative, error: errorMessage(error, response) });
      }
      progress.failure(`batch ${index + 1}/${batches.length}: ${errorMessage(error, response)}`);
      return;
    }
    const rejected = data.metadata.rejected_files ?? [];
    for (const r of rejected) failures.push({ file: names.get(r.filename) ?? r.filename, error: r.reason });
    const refused = new Set(rejected.map((r) => r.filename));
    sent.push({ batch_id: data.data.batch_id, files: files.filter((f) => !refused.has(f.filename)).map((f) => f.relative), total_items: data.data.total_items, created_at: data.data.created_at });
    progress.uploaded(files.length, `batch ${index + 1}/${batches.length}: ${data.data.batch_id}`);
  }

  async function lane() {
    for (let next = queue.shift(); next && !options.stopped(); next = queue.shift()) {
      try {
        await sendOne(next);
      } catch (error) {
        // No answer even after the retries: the batch may or may not exist; a re-run sends it with the same key.
        for (const f of next.files) failures.push({ file: f.relative, error: `no answer from the server: ${(error as Error).message}` });
        progress.failure(`batch ${next.index + 1}/${batches.length}: ${(error as Error).message}`);
      }
    }
  }
  await Promise.all(Array.from({ length: Math.max(1, options.concurrency) }, lane));
  return { sent, failures, unsent: queue.flatMap((b) => b.files.map((f) => f.relative)) };
}
