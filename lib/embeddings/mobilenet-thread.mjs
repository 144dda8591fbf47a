// The offline visual model, in its own worker thread. Why a thread: @energetic-ai/core (the
// offline text model) bundles its own TensorFlow.js 4.5 and shares the process-global engine
// and kernel registry with any other TensorFlow.js, so the two versions' WASM kernels clash in
// one isolate ("wasmPadV2 is not a function"). A thread has its own globals; it also keeps
// ~100 ms inferences off the main event loop, where leases heartbeat and requests are served.
// The protocol is model-thread.ts's.
// Plain JavaScript: worker threads load files as they are, without the TypeScript loader.
import { createRequire } from "node:module";
import path from "node:path";
import { parentPort } from "node:worker_threads";

const SIZE = 224;
/** Images per model call: 8 x 224x224x3 floats is ~5 MB; larger batches gain little on 2 cores. */
const BATCH_SIZE = 8;
/** The global-average-pooled 1280-d layer just before nsfwjs's classifier head. */
const FEATURE_LAYER = "flatten_1";

const require = createRequire(import.meta.url);

async function load() {
  const tf = await import("@tensorflow/tfjs");
  const wasm = await import("@tensorflow/tfjs-backend-wasm");
  // The .wasm files come from node_modules, never from a CDN.
  const wasmDir = path.join(path.dirname(require.resolve("@tensorflow/tfjs-backend-wasm/package.json")), "dist") + path.sep;
  wasm.setWasmPaths(wasmDir);
  if (!(await tf.setBackend("wasm"))) throw new Error(`TensorFlow.js could not start its WASM backend from ${wasmDir}`);
  await tf.ready();
  const sharp = (await import("sharp")).default;
  const { load: loadNsfw } = await import("nsfwjs");
  const nsfw = await loadNsfw("MobileNetV2");
  const feature = nsfw.model.layers.find((l) => l.name === FEATURE_LAYER);
  if (!feature) throw new Error(`nsfwjs's MobileNetV2 has no '${FEATURE_LAYER}' layer: the package version changed`);
  const features = tf.model({ inputs: nsfw.model.inputs, outputs: feature.output });

  const decode = (file) => sharp(file).rotate().resize(SIZE, SIZE, { fit: "fill" }).removeAlpha().toColourspace("srgb").raw().toBuffer();

  async function embed(paths) {
    const out = [];
    for (let i = 0; i < paths.length; i += BATCH_SIZE) {
      const pixels = await Promise.all(paths.slice(i, i + BATCH_SIZE).map(decode));
      const batch = new Float32Array(pixels.length * SIZE * SIZE * 3);
      // nsfwjs's own preprocessing: 0..255 scaled to 0..1.
      pixels.forEach((p, n) => {
        for (let j = 0; j < p.length; j++) batch[n * p.length + j] = p[j] / 255;
      });
      const input = tf.tensor4d(batch, [pixels.length, SIZE, SIZE, 3]);
      const output = features.predict(input);
      const rows = await output.array();
      tf.dispose([input, output]);
      for (const row of rows) {
        const norm = Math.sqrt(row.reduce((s, v) => s + v * v, 0)) || 1;
        out.push(row.map((v) => v / norm));
      }
    }
    return out;
  }

  /** The bare model call on one decoded image, for the benchmark's baseline. */
  async function bare(paths) {
    for (const file of paths) {
      const img = tf.tensor3d(new Int32Array(await decode(file)), [SIZE, SIZE, 3], "int32");
      const output = nsfw.infer(img, FEATURE_LAYER);
      await output.data();
      tf.dispose([img, output]);
    }
    return [];
  }
  return { embed, bare };
}

const ready = load();
ready.then(
  () => parentPort.postMessage({ type: "ready" }),
  (error) => parentPort.postMessage({ type: "load-error", message: String(error?.stack ?? error) }),
);
parentPort.on("message", async ({ id, request: { paths, bare } }) => {
  try {
    const model = await ready;
    parentPort.postMessage({ id, result: await (bare ? model.bare(paths) : model.embed(paths)) });
  } catch (error) {
    parentPort.postMessage({ id, message: error instanceof Error ? error.message : String(error) });
  }
});
