import { createRequire } from "node:module";
import path from "node:path";
import sharp from "sharp";
import { l2normalise, type VisualEmbeddingProvider } from "./types";

/** MobileNetV2's input size. */
const SIZE = 224;
/** Images per model call: 8 x 224x224x3 floats is ~5 MB, and batching beyond gains little on 2 cores. */
const BATCH_SIZE = 8;
/** The global-average-pooled 1280-d layer just before nsfwjs's classifier head. */
const FEATURE_LAYER = "flatten_1";

const require = createRequire(import.meta.url);

/** Decodes any image sharp reads into 224x224 RGB bytes (alpha dropped, EXIF rotation applied). */
export async function decodeForMobileNet(file: string): Promise<Buffer> {
  return sharp(file).rotate().resize(SIZE, SIZE, { fit: "fill" }).removeAlpha().toColourspace("srgb").raw().toBuffer();
}

/**
 * Offline visual embeddings: MobileNetV2 features from the model bundled inside nsfwjs, on
 * TensorFlow.js's WASM backend (the pure-JS backend is ~15x slower). The .wasm files are
 * loaded from node_modules, never fetched. Generic image features: near-duplicates score
 * ~0.9, unrelated pictures ~0.4; they do not understand text queries.
 */
export async function loadMobileNetVisual(): Promise<VisualEmbeddingProvider> {
  const tf = await import("@tensorflow/tfjs");
  const wasm = await import("@tensorflow/tfjs-backend-wasm");
  if (tf.getBackend() !== "wasm") {
    const wasmDir = path.join(path.dirname(require.resolve("@tensorflow/tfjs-backend-wasm/package.json")), "dist") + path.sep;
    wasm.setWasmPaths(wasmDir);
    if (!(await tf.setBackend("wasm"))) throw new Error(`TensorFlow.js could not start its WASM backend from ${wasmDir}`);
    await tf.ready();
  }
  const { load } = await import("nsfwjs");
  const nsfw = await load("MobileNetV2");
  const layers = (nsfw.model as import("@tensorflow/tfjs").LayersModel).layers;
  const feature = layers.find((l) => l.name === FEATURE_LAYER);
  if (!feature) throw new Error(`nsfwjs's MobileNetV2 has no '${FEATURE_LAYER}' layer: the package version changed`);
  const features = tf.model({ inputs: (nsfw.model as import("@tensorflow/tfjs").LayersModel).inputs, outputs: feature.output as import("@tensorflow/tfjs").SymbolicTensor });

  return {
    provider: "offline",
    model: "mobilenet-v2-nsfwjs",
    dimension: 1280,
    space: "visual",
    async embedImages(paths) {
      const out: number[][] = [];
      for (let i = 0; i < paths.length; i += BATCH_SIZE) {
        const pixels = await Promise.all(paths.slice(i, i + BATCH_SIZE).map(decodeForMobileNet));
        const batch = new Float32Array(pixels.length * SIZE * SIZE * 3);
        // nsfwjs's own preprocessing: 0..255 scaled to 0..1.
        pixels.forEach((p, n) => {
          for (let j = 0; j < p.length; j++) batch[n * p.length + j] = p[j]! / 255;
        });
        const input = tf.tensor4d(batch, [pixels.length, SIZE, SIZE, 3]);
        const output = features.predict(input) as import("@tensorflow/tfjs").Tensor;
        const rows = (await output.array()) as number[][];
        tf.dispose([input, output]);
        out.push(...rows.map(l2normalise));
      }
      return out;
    },
  };
}
