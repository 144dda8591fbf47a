import path from "node:path";
import { Worker } from "node:worker_threads";
import type { VisualEmbeddingProvider } from "./types";

type Reply = { id: number; vectors?: number[][]; message?: string };

export interface MobileNetVisual extends VisualEmbeddingProvider {
  /** nsfwjs's own infer() per image, without batching or normalising: the benchmark's baseline. */
  bareInfer(paths: string[]): Promise<void>;
  close(): Promise<void>;
}

/**
 * Offline visual embeddings: MobileNetV2's 1280-d features from the model bundled inside
 * nsfwjs, on TensorFlow.js's WASM backend (the pure-JS backend is ~15x slower), L2-normalised.
 * Runs in a worker thread (see mobilenet-thread.mjs for why). Generic image features:
 * near-duplicates score ~0.9, unrelated pictures ~0.4; they do not understand text queries.
 */
export async function loadMobileNetVisual(): Promise<MobileNetVisual> {
  // From the project root, like every npm script; not bundled, so Turbopack must not trace it.
  const file = path.join(/* turbopackIgnore: true */ process.cwd(), "lib", "embeddings", "mobilenet-thread.mjs");
  const worker = new Worker(file);
  const pending = new Map<number, { resolve: (v: number[][]) => void; reject: (e: Error) => void }>();
  let nextId = 0;
  let failure: Error | undefined;

  await new Promise<void>((resolve, reject) => {
    worker.once("error", reject);
    worker.once("message", (m: { type: string; message?: string }) => (m.type === "ready" ? resolve() : reject(new Error(`The offline visual model did not load: ${m.message}`))));
  });
  worker.on("message", (m: Reply) => {
    const call = pending.get(m.id);
    pending.delete(m.id);
    if (pending.size === 0) worker.unref();
    if (m.message !== undefined) call?.reject(new Error(m.message));
    else call?.resolve(m.vectors ?? []);
  });
  worker.on("error", (error) => {
    failure = error;
    for (const call of pending.values()) call.reject(error);
    pending.clear();
  });
  // An idle model thread must not keep a script or test process alive.
  worker.unref();

  const call = (paths: string[], bare = false) =>
    new Promise<number[][]>((resolve, reject) => {
      if (failure) return reject(failure);
      const id = nextId++;
      pending.set(id, { resolve, reject });
      worker.ref();
      worker.postMessage({ id, paths, bare });
    });

  return {
    provider: "offline",
    model: "mobilenet-v2-nsfwjs",
    dimension: 1280,
    space: "visual",
    embedImages: (paths) => (paths.length ? call(paths) : Promise.resolve([])),
    bareInfer: async (paths) => void (await call(paths, true)),
    close: async () => void (await worker.terminate()),
  };
}
