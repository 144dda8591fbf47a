import { Worker } from "node:worker_threads";
import { MODEL3D_MAX_VERTICES, MODEL3D_THUMBNAIL_MAX_TRIANGLES } from "@/lib/constants";
import { ItemError } from "@/lib/pipeline/types";
import { readZip } from "./safe-zip";

// three.js's loaders trust counts and offsets in the file: a damaged model can exhaust the
// heap (a fatal error, not an exception) or loop for a long time. Parsing therefore runs in a
// worker with its own heap cap and a deadline, so a bad model fails its item and nothing else.
// Geometry lives in typed arrays outside the heap; the cap bounds the loaders' JS objects.
const HEAP_MB = 512;
// A 25 MB STL (500 k triangles) took 7 s on a busy 2-core machine; the 50 MB upload cap
// keeps the worst case well inside this.
const DEADLINE_MS = 60_000;

export interface ModelFacts {
  /** Distinct vertex positions, counted per mesh (formats like STL repeat them per face). */
  vertices: number;
  triangles: number;
  area: number;
  /** Every edge of every mesh is shared by exactly two triangles. */
  closed: boolean;
  /** Enclosed volume (sum over meshes); null unless closed with consistently oriented faces. */
  volume: number | null;
  box: { min: number[]; max: number[]; size: number[] };
  /** D2 shape distribution: fractions per distance bin, summing to 1. */
  d2: number[];
  parts: string[];
  materials: string[];
  /** The binary STL written for the thumbnail renderer, when asked for and not too large. */
  meshFile: string | null;
}

export interface ParseOptions {
  signal?: AbortSignal;
  maxVertices?: number;
  /** For .3mf: the package's entries, already read under safe-zip's limits. */
  zipEntries?: Record<string, Uint8Array>;
  /** Where to write the parsed triangles as binary STL (for the thumbnail renderer). */
  stlOut?: string;
  /** Tests shrink these to prove a runaway parse ends its item, not the process. */
  heapMb?: number;
  deadlineMs?: number;
}

/** Reads a 3MF package under safe-zip's bomb limits; images and thumbnails are not kept. */
export async function read3mfEntries(path: string, signal?: AbortSignal): Promise<Record<string, Uint8Array>> {
  const kept = await readZip(path, { format: "3MF", signal, skipOthers: true, keep: (name) => /\.(model|rels|xml)$/i.test(name) });
  return Object.fromEntries([...kept].map(([name, data]) => [name, new Uint8Array(data)]));
}

/** Geometry facts of a 3D file, parsed in an isolated worker. */
export function parseModel(path: string, extension: string, { signal, maxVertices = MODEL3D_MAX_VERTICES, zipEntries, stlOut, heapMb = HEAP_MB, deadlineMs = DEADLINE_MS }: ParseOptions = {}): Promise<ModelFacts> {
  const format = extension.slice(1).toUpperCase();
  return new Promise((resolve, reject) => {
    const worker = new Worker(new URL("./model3d-worker.mjs", import.meta.url), {
      workerData: { path, extension, maxVertices, zipEntries, stlOut, stlMaxTriangles: MODEL3D_THUMBNAIL_MAX_TRIANGLES },
      resourceLimits: { maxOldGenerationSizeMb: heapMb, maxYoungGenerationSizeMb: Math.min(32, heapMb) },
      stdout: true, // loaders log warnings about odd files; the item's error says what matters
      stderr: true,
    });
    worker.stdout.resume();
    worker.stderr.resume();
    const finish = (fn: () => void) => {
      clearTimeout(timer);
      signal?.removeEventListener("abort", onAbort);
      void worker.terminate();
      fn();
    };
    const fail = (why: string) => finish(() => reject(new ItemError("corrupt_media", `${format} file could not be read: ${why}`)));
    const onAbort = () => finish(() => reject(new ItemError("timeout", "extraction was cancelled")));
    const timer = setTimeout(() => fail("it took too long to parse (damaged file?)"), deadlineMs);
    signal?.addEventListener("abort", onAbort, { once: true });
    worker.once("message", (msg: { result?: ModelFacts; error?: string; limit?: boolean }) => {
      if (msg.result) finish(() => resolve(msg.result as ModelFacts));
      else if (msg.limit) finish(() => reject(new ItemError("content_limit_exceeded", `${format} file is too large to process: ${msg.error}`)));
      else fail(msg.error ?? "unknown error");
    });
    worker.once("error", (err) =>
      (err as { code?: string }).code === "ERR_WORKER_OUT_OF_MEMORY"
        ? finish(() => reject(new ItemError("content_limit_exceeded", `${format} file needs more than ${heapMb} MB to parse (too large or damaged)`)))
        : fail(err.message),
    );
    worker.once("exit", () => fail("the reader stopped unexpectedly"));
  });
}
