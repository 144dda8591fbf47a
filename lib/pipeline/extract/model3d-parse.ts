import { MODEL3D_MAX_VERTICES, MODEL3D_THUMBNAIL_MAX_TRIANGLES } from "@/lib/constants";
import { ItemError } from "@/lib/pipeline/types";
import { runIsolated } from "./isolated-worker";
import { readZip } from "./safe-zip";

// three.js's loaders trust counts and offsets in the file, so parsing runs isolated
// (isolated-worker.ts). Geometry lives in typed arrays outside the heap; the cap bounds the
// loaders' JS objects.
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
  /** RGB pixels (thumbnailSize squared, 3 bytes each) of the rendered model, when asked for and not too large. */
  thumbnail: Uint8Array | null;
}

export interface ParseOptions {
  signal?: AbortSignal;
  maxVertices?: number;
  /** For .3mf: the package's entries, already read under safe-zip's limits. */
  zipEntries?: Record<string, Uint8Array>;
  /** Render a thumbnail of this many pixels square from the parsed triangles (model3d-render.mjs). */
  thumbnailSize?: number;
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
export function parseModel(path: string, extension: string, { signal, maxVertices = MODEL3D_MAX_VERTICES, zipEntries, thumbnailSize, heapMb = HEAP_MB, deadlineMs = DEADLINE_MS }: ParseOptions = {}): Promise<ModelFacts> {
  const format = extension.slice(1).toUpperCase();
  return runIsolated({
    source: new URL("./model3d-worker.mjs", import.meta.url),
    workerData: { path, extension, maxVertices, zipEntries, thumbnailSize, thumbnailMaxTriangles: MODEL3D_THUMBNAIL_MAX_TRIANGLES },
    heapMb,
    deadlineMs,
    signal,
    failure: `${format} file could not be read`,
    tooSlow: "it took too long to parse (damaged file?)",
    // A model too big for the heap is over a limit, not necessarily damaged.
    outOfMemory: () => new ItemError("content_limit_exceeded", `${format} file needs more than ${heapMb} MB to parse (too large or damaged)`),
    // Loaders log warnings about odd files.
    quiet: true,
    onMessage: (msg: { result?: ModelFacts; error?: string; limit?: boolean; unsupported?: boolean }) => {
      if (msg.result) return msg.result;
      if (msg.unsupported) throw new ItemError("unsupported_media", `${format} file is not read: ${msg.error}`);
      if (msg.limit) throw new ItemError("content_limit_exceeded", `${format} file is too large to process: ${msg.error}`);
      throw new Error(msg.error ?? "unknown error");
    },
  });
}
