import { startModelThread } from "./model-thread";
import type { VisualEmbeddingProvider } from "./types";

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
  const thread = await startModelThread<{ paths: string[]; bare: boolean }, number[][]>("mobilenet-thread.mjs", "The offline visual model");
  const call = (paths: string[], bare = false) => thread.call({ paths, bare });

  return {
    provider: "offline",
    model: "mobilenet-v2-nsfwjs",
    dimension: 1280,
    space: "visual",
    embedImages: (paths) => (paths.length ? call(paths) : Promise.resolve([])),
    bareInfer: async (paths) => void (await call(paths, true)),
    close: () => thread.close(),
  };
}
