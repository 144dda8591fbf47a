import { createRequire } from "node:module";
import path from "node:path";
import { Worker } from "node:worker_threads";
import { ItemError } from "@/lib/pipeline/types";

// word-extractor trusts the sizes in a damaged file: it has exhausted the heap (a fatal
// error, not an exception) and left promises pending forever. It therefore runs in a worker
// with its own heap cap and a deadline, so a bad .doc fails its item and nothing else.
const HEAP_MB = 256;
const DEADLINE_MS = 15_000;

// Runs as CommonJS inside the worker; the module path comes from the parent so bundlers
// never need to see this require.
const WORKER_SOURCE = `
const { parentPort, workerData } = require("node:worker_threads");
const WordExtractor = require(workerData.modulePath);
new WordExtractor().extract(Buffer.from(workerData.bytes)).then(
  (doc) => parentPort.postMessage({ body: doc.getBody(), notes: [doc.getFootnotes(), doc.getEndnotes()].join("\\n\\n") }),
  (err) => parentPort.postMessage({ error: String(err && err.message || err) }),
);`;

export interface DocText {
  body: string;
  notes: string;
}

/** Body text and notes of a Word 97-2003 file, read in an isolated worker. */
export function readDocText(bytes: Buffer, signal?: AbortSignal): Promise<DocText> {
  const modulePath = createRequire(path.join(process.cwd(), "package.json")).resolve("word-extractor");
  return new Promise((resolve, reject) => {
    const worker = new Worker(WORKER_SOURCE, {
      eval: true,
      workerData: { modulePath, bytes },
      resourceLimits: { maxOldGenerationSizeMb: HEAP_MB, maxYoungGenerationSizeMb: 32 },
    });
    const finish = (fn: () => void) => {
      clearTimeout(timer);
      signal?.removeEventListener("abort", onAbort);
      void worker.terminate();
      fn();
    };
    const fail = (why: string) => finish(() => reject(new ItemError("corrupt_media", `DOC file could not be read: ${why}`)));
    const onAbort = () => finish(() => reject(new ItemError("timeout", "extraction was cancelled")));
    const timer = setTimeout(() => fail("it took too long to parse (damaged file?)"), DEADLINE_MS);
    signal?.addEventListener("abort", onAbort, { once: true });
    worker.once("message", (msg: DocText & { error?: string }) => {
      if (msg.error !== undefined) fail(msg.error);
      else finish(() => resolve({ body: msg.body, notes: msg.notes }));
    });
    worker.once("error", (err) => fail((err as { code?: string }).code === "ERR_WORKER_OUT_OF_MEMORY" ? "it needs too much memory (damaged file?)" : err.message));
    worker.once("exit", () => fail("the reader stopped unexpectedly"));
  });
}
