import path from "node:path";
import { Worker } from "node:worker_threads";
import { EXTRACTION_DEADLINE_MS, EXTRACTION_HEAP_MB, type MediaCategory } from "@/lib/constants";
import type { ChunkOptions } from "@/lib/pipeline/chunk";
import type { MeasuredExtraction } from "@/lib/pipeline/measure-extraction";
import { ItemError, type ExtractInput, type ItemErrorCode } from "@/lib/pipeline/types";

/** The categories whose parsers run in pure JavaScript and so run in extraction threads. */
export const THREADED_CATEGORIES = ["document", "web", "ebook", "presentation", "spreadsheet"] as const;
export type ThreadedCategory = (typeof THREADED_CATEGORIES)[number];
export const isThreaded = (category: MediaCategory): category is ThreadedCategory => (THREADED_CATEGORIES as readonly string[]).includes(category);

type Reply = { id: number; result?: MeasuredExtraction; error?: { code: ItemErrorCode; message: string }; fault?: string };

/** Threads kept loaded between items: a fresh one costs ~2.5 s of module loading here (pdf.js, parsers). */
const MAX_IDLE_THREADS = 2;
const idle: Worker[] = [];
let nextId = 0;

export interface ExtractionLimits {
  heapMb?: number;
  deadlineMs?: number;
}

/**
 * Reads one file in an extraction thread, then checks its limits and chunks it there, so
 * parsing and tokenising never hold the worker's event loop (where leases heartbeat and
 * deadlines fire). A thread is reused for the next item after a
 * clean answer; past its heap cap, its deadline, or on the item's abort it is terminated, the
 * item fails with a message naming the limit, and the next item gets a fresh thread.
 */
export async function extractInThread(
  category: ThreadedCategory,
  { signal, ...input }: ExtractInput,
  chunking: ChunkOptions,
  { heapMb = EXTRACTION_HEAP_MB, deadlineMs = EXTRACTION_DEADLINE_MS }: ExtractionLimits = {},
): Promise<MeasuredExtraction> {
  signal?.throwIfAborted();
  const reused = heapMb === EXTRACTION_HEAP_MB ? idle.pop() : undefined;
  const worker = reused ?? startThread(heapMb);
  worker.ref();
  const id = nextId++;
  return new Promise<MeasuredExtraction>((resolve, reject) => {
    const settle = (keep: boolean, done: () => void) => {
      clearTimeout(timer);
      signal?.removeEventListener("abort", onAbort);
      worker.off("message", onMessage);
      worker.off("error", onError);
      worker.off("exit", onExit);
      if (keep && heapMb === EXTRACTION_HEAP_MB && idle.length < MAX_IDLE_THREADS) {
        worker.unref();
        idle.push(worker);
      } else void worker.terminate();
      done();
    };
    const fail = (error: Error) => settle(false, () => reject(error));
    const onMessage = (m: Reply & { type?: string }) => {
      if (m.id !== id) return;
      if (m.result) settle(true, () => resolve(m.result!));
      else if (m.error) settle(true, () => reject(new ItemError(m.error!.code, m.error!.message)));
      // An unexpected error inside a parser: the item is retried like any other unexpected failure.
      else settle(false, () => reject(new Error(m.fault)));
    };
    const onError = (err: Error) => {
      if ((err as { code?: string }).code === "ERR_WORKER_OUT_OF_MEMORY") {
        return fail(new ItemError("content_limit_exceeded", `reading the file needed more than ${heapMb} MB of memory, the limit per item (EXTRACTION_HEAP_MB)`));
      }
      fail(new Error(`the extraction thread failed: ${err.message}`));
    };
    const onExit = (code: number) => fail(new Error(`the extraction thread exited with code ${code}`));
    const onAbort = () => fail(signal?.reason instanceof Error ? signal.reason : new ItemError("timeout", "extraction was cancelled"));
    const timer = setTimeout(
      () => fail(new ItemError("timeout", `reading the file took longer than ${Math.round(deadlineMs / 1000)} s, the limit per item (EXTRACTION_DEADLINE_MS)`)),
      deadlineMs,
    );
    signal?.addEventListener("abort", onAbort, { once: true });
    worker.on("message", onMessage);
    worker.once("error", onError);
    worker.once("exit", onExit);
    worker.postMessage({ id, category, input, chunking });
  });
}

function startThread(heapMb: number): Worker {
  // From the project root, like every npm script; not bundled, so Turbopack must not trace it.
  const script = path.join(/* turbopackIgnore: true */ process.cwd(), "lib", "pipeline", "extract", "extract-thread.mjs");
  const worker = new Worker(script, { resourceLimits: { maxOldGenerationSizeMb: heapMb, maxYoungGenerationSizeMb: Math.min(64, heapMb) } });
  // A thread that dies while idle (it should not) just leaves the pool.
  worker.on("exit", () => {
    const at = idle.indexOf(worker);
    if (at >= 0) idle.splice(at, 1);
  });
  worker.on("error", () => {});
  return worker;
}

/** Starts threads ahead of the first item, so it does not pay their loading (a worker calls this at start). */
export function warmExtractionThreads(count = 1): void {
  while (idle.length < Math.min(count, MAX_IDLE_THREADS)) {
    const worker = startThread(EXTRACTION_HEAP_MB);
    worker.unref();
    idle.push(worker);
  }
}
