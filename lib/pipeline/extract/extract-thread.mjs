// The thread every text extractor runs in (started by extraction-pool.ts with a heap cap; the
// pool terminates it at its deadline or when the item is cancelled). It loads the TypeScript
// extractors through tsx's API, so it works the same under `npm run worker` (tsx), Vitest and
// Next.js (the Inngest driver). Protocol: posts {type: "ready"} once loaded, then answers each
// {id, category, input, chunking} with {id, result} | {id, error: {code, message}} | {id, fault}.
import path from "node:path";
import { pathToFileURL } from "node:url";
import { parentPort } from "node:worker_threads";
import { tsImport } from "tsx/esm/api";

const root = process.cwd();
const { extractMeasured } = await tsImport(path.join(root, "lib/pipeline/extract/in-thread.ts"), {
  parentURL: pathToFileURL(path.join(root, "/")).href,
  tsconfig: path.join(root, "tsconfig.json"),
});

parentPort.postMessage({ type: "ready" });
parentPort.on("message", async ({ id, category, input, chunking }) => {
  try {
    parentPort.postMessage({ id, result: await extractMeasured(category, input, chunking) });
  } catch (error) {
    if (error?.name === "ItemError") parentPort.postMessage({ id, error: { code: error.code, message: error.message } });
    else parentPort.postMessage({ id, fault: String(error?.message ?? error) });
  }
});
