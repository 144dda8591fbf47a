import path from "node:path";
import { createWorker, OEM, type Worker } from "tesseract.js";
import { OCR_IDLE_MS, OCR_PAGE_TIMEOUT_MS, OCR_THREADS } from "@/lib/constants";
import { resolvePackage } from "@/lib/pipeline/extract/isolated-worker";
import { ItemError } from "@/lib/pipeline/types";

// Tesseract compiled to WASM (tesseract.js), each engine in its own worker thread. The
// English LSTM data comes from the @tesseract.js-data/eng package and is read from disk:
// with langPath a local folder tesseract.js never fetches, and cacheMethod "none" keeps it
// from writing a copy into the working directory. best_int (LSTM only) is 3 MB instead of
// 11 MB and read this machine's fixtures faster than the legacy+LSTM data.
const LANG_DATA = "4.0.0_best_int";

export const ocrLanguageDir = (): string => path.join(path.dirname(resolvePackage("@tesseract.js-data/eng/package.json")), LANG_DATA);

interface Pool {
  idle: { worker: Worker; timer: NodeJS.Timeout }[];
  live: number;
  waiting: (() => void)[];
}

// One pool per process (Next may load this module twice).
const globalPool = globalThis as unknown as { __tesseraOcrPool?: Pool };
const pool: Pool = (globalPool.__tesseraOcrPool ??= { idle: [], live: 0, waiting: [] });

/** OCR engines alive in this process, and how many of them are reading: tests check that a cancel ends one. */
export function ocrThreads(): { live: number; busy: number } {
  return { live: pool.live, busy: pool.live - pool.idle.length };
}

async function acquire(signal?: AbortSignal): Promise<Worker> {
  for (;;) {
    signal?.throwIfAborted();
    const ready = pool.idle.pop();
    if (ready) {
      clearTimeout(ready.timer);
      return ready.worker;
    }
    if (pool.live < OCR_THREADS) {
      pool.live++;
      try {
        return await createWorker("eng", OEM.LSTM_ONLY, { langPath: ocrLanguageDir(), cacheMethod: "none", gzip: true });
      } catch (err) {
        pool.live--;
        release(null);
        throw new ItemError("processing_error", `the OCR engine could not start: ${(err as Error).message ?? err}`);
      }
    }
    // Bounded: at most OCR_THREADS engines (~80 MB each); others wait their turn.
    await new Promise<void>((resolve, reject) => {
      const onAbort = () => {
        pool.waiting.splice(pool.waiting.indexOf(wake), 1);
        reject(new ItemError("timeout", "extraction was cancelled"));
      };
      const wake = () => {
        signal?.removeEventListener("abort", onAbort);
        resolve();
      };
      pool.waiting.push(wake);
      signal?.addEventListener("abort", onAbort, { once: true });
    });
  }
}

/** Hands a worker back (or, when it was ended, its slot) and wakes one waiter. */
function release(worker: Worker | null) {
  if (worker) {
    // An idle engine holds its memory; it ends after a while without work.
    const timer = setTimeout(() => {
      pool.idle.splice(pool.idle.findIndex((w) => w.worker === worker), 1);
      end(worker);
    }, OCR_IDLE_MS);
    timer.unref();
    pool.idle.push({ worker, timer });
  }
  pool.waiting.shift()?.();
}

function end(worker: Worker) {
  pool.live--;
  void worker.terminate().catch(() => undefined);
}

/**
 * Printed text in an image (PNG, JPEG, ... bytes), read by Tesseract in a worker thread.
 * A deadline or the item's abort terminates that thread at once (WASM cannot be interrupted
 * any other way); the next call starts a fresh one.
 */
export async function recognizeText(image: Buffer, { signal, timeoutMs = OCR_PAGE_TIMEOUT_MS, dpi = 300 }: { signal?: AbortSignal; timeoutMs?: number; dpi?: number } = {}): Promise<string> {
  const worker = await acquire(signal).catch((err: unknown) => {
    throw err instanceof ItemError ? err : new ItemError("timeout", "extraction was cancelled");
  });
  let stop: (why: ItemError) => void = () => undefined;
  const stopped = new Promise<never>((_, reject) => (stop = reject));
  const timer = setTimeout(() => stop(new ItemError("timeout", `OCR took longer than ${Math.round(timeoutMs / 1000)} s`)), timeoutMs);
  const onAbort = () => stop(new ItemError("timeout", "extraction was cancelled"));
  signal?.addEventListener("abort", onAbort, { once: true });
  try {
    // Neither sharp's PNGs nor pdf.js's pictures say their resolution; Tesseract sizes its noise filters by it.
    await Promise.race([worker.setParameters({ user_defined_dpi: String(Math.round(dpi)) }), stopped]);
    const { data } = await Promise.race([worker.recognize(image), stopped]);
    release(worker);
    return data.text;
  } catch (err) {
    end(worker);
    release(null);
    if (err instanceof ItemError) throw err;
    throw new ItemError("corrupt_media", `OCR could not read the picture: ${String((err as Error).message ?? err).slice(0, 200)}`);
  } finally {
    clearTimeout(timer);
    signal?.removeEventListener("abort", onAbort);
  }
}

/** Ends every idle engine now (scripts and benchmarks that want to exit at once). */
export async function closeOcr(): Promise<void> {
  for (const { worker, timer } of pool.idle.splice(0)) {
    clearTimeout(timer);
    end(worker);
  }
}
