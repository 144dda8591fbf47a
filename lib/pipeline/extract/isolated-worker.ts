import { parserReason } from "./parser-errors";
import { createRequire } from "node:module";
import path from "node:path";
import { Worker } from "node:worker_threads";
import { ItemError } from "@/lib/pipeline/types";

/**
 * Fragile parsers (word-extractor, cfb, libheif, three.js's loaders) trust the sizes and
 * offsets in a file: a damaged one can exhaust the heap (a fatal error, not an exception),
 * loop, or never settle. Each runs in a worker thread with its own heap cap and a deadline,
 * so a bad file fails its item and nothing else; the item's abort signal ends it too.
 */
export interface IsolatedRun<M, T> {
  /** CommonJS source evaluated in the worker, or the URL of a module file. */
  source: string | URL;
  workerData: Record<string, unknown>;
  heapMb: number;
  deadlineMs: number;
  signal?: AbortSignal;
  /** Start of every corrupt_media message, e.g. "DOC file could not be read". */
  failure: string;
  /** Why the deadline failed the item, e.g. "it took too long to parse (damaged file?)". */
  tooSlow: string;
  /** What a worker that ran out of heap means: a corrupt_media reason, or an error of its own. */
  outOfMemory?: string | (() => ItemError);
  /** Why a worker that exited without answering failed the item. */
  exited?: string;
  /** Drain what the parser prints (its diagnostics); the item's error says what matters. */
  quiet?: boolean;
  /** Turns the worker's one message into the result; throwing an ItemError fails the item with it, any other error with its message. */
  onMessage: (message: M) => T;
}

/** Where a package's main file is, resolved from the app (workers get the path: bundlers never see the require). */
export function resolvePackage(name: string): string {
  return createRequire(path.join(process.cwd(), "package.json")).resolve(name);
}

export function runIsolated<M, T>(run: IsolatedRun<M, T>): Promise<T> {
  const { signal, heapMb } = run;
  return new Promise<T>((resolve, reject) => {
    const worker = new Worker(run.source, {
      eval: typeof run.source === "string",
      workerData: run.workerData,
      resourceLimits: { maxOldGenerationSizeMb: heapMb, maxYoungGenerationSizeMb: Math.min(32, heapMb) },
      stdout: run.quiet,
      stderr: run.quiet,
    });
    if (run.quiet) {
      worker.stdout.resume();
      worker.stderr.resume();
    }
    const finish = (fn: () => void) => {
      clearTimeout(timer);
      signal?.removeEventListener("abort", onAbort);
      void worker.terminate();
      fn();
    };
    const failWith = (error: ItemError) => finish(() => reject(error));
    const fail = (why: string) => failWith(new ItemError("corrupt_media", `${run.failure}: ${parserReason(why)}`));
    const onAbort = () => failWith(new ItemError("timeout", "extraction was cancelled"));
    const timer = setTimeout(() => fail(run.tooSlow), run.deadlineMs);
    signal?.addEventListener("abort", onAbort, { once: true });
    worker.once("message", (message: M) => {
      let result: T;
      try {
        result = run.onMessage(message);
      } catch (error) {
        return error instanceof ItemError ? failWith(error) : fail((error as Error).message);
      }
      finish(() => resolve(result));
    });
    worker.once("error", (err) => {
      if ((err as { code?: string }).code !== "ERR_WORKER_OUT_OF_MEMORY") return fail(err.message);
      const oom = run.outOfMemory ?? "it needs too much memory (damaged file?)";
      return typeof oom === "string" ? fail(oom) : failWith(oom());
    });
    worker.once("exit", () => fail(run.exited ?? "the reader stopped unexpectedly"));
  });
}
