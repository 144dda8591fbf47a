import { createRequire } from "node:module";
import path from "node:path";
import { Worker } from "node:worker_threads";
import { ItemError } from "@/lib/pipeline/types";

// cfb (SheetJS's compound-file reader) follows sector chains that a damaged file can make
// circular or huge, so, like the .doc reader, it runs in a worker with its own heap cap and
// a deadline. It only hands back the Workbook stream; the BIFF records are read in-process
// by a parser whose every step moves forward through a bounded buffer.
const HEAP_MB = 256;
const DEADLINE_MS = 15_000;

const WORKER_SOURCE = `
const { parentPort, workerData } = require("node:worker_threads");
const CFB = require(workerData.modulePath);
try {
  const doc = CFB.read(Buffer.from(workerData.bytes), { type: "buffer" });
  const entry = CFB.find(doc, "/Workbook") || CFB.find(doc, "/Book") || CFB.find(doc, "Workbook");
  if (!entry || !entry.content || !entry.content.length) parentPort.postMessage({ error: "it has no Workbook stream" });
  else parentPort.postMessage({ stream: Uint8Array.from(entry.content) });
} catch (err) {
  parentPort.postMessage({ error: String((err && err.message) || err) });
}`;

/** The Workbook stream of an Excel 97-2003 file, read in an isolated worker. */
export function readWorkbookStream(bytes: Buffer, signal?: AbortSignal): Promise<Buffer> {
  const modulePath = createRequire(path.join(process.cwd(), "package.json")).resolve("cfb");
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
    const fail = (why: string) => finish(() => reject(new ItemError("corrupt_media", `XLS file could not be read: ${why}`)));
    const onAbort = () => finish(() => reject(new ItemError("timeout", "extraction was cancelled")));
    const timer = setTimeout(() => fail("it took too long to open (damaged file?)"), DEADLINE_MS);
    signal?.addEventListener("abort", onAbort, { once: true });
    worker.once("message", (msg: { stream?: Uint8Array; error?: string }) => {
      if (msg.stream) finish(() => resolve(Buffer.from(msg.stream!.buffer, msg.stream!.byteOffset, msg.stream!.byteLength)));
      else fail(msg.error ?? "unknown error");
    });
    worker.once("error", (err) => fail((err as { code?: string }).code === "ERR_WORKER_OUT_OF_MEMORY" ? "it needs too much memory (damaged file?)" : err.message));
    worker.once("exit", () => fail("the reader stopped unexpectedly"));
  });
}
