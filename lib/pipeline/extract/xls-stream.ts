import { runIsolated, resolvePackage } from "./isolated-worker";

// cfb (SheetJS's compound-file reader) follows sector chains that a damaged file can make
// circular or huge, so it runs isolated (see isolated-worker.ts). It only hands back the
// Workbook stream; the BIFF records are read in-process by a parser whose every step moves
// forward through a bounded buffer.
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
  return runIsolated({
    source: WORKER_SOURCE,
    workerData: { modulePath: resolvePackage("cfb"), bytes },
    heapMb: HEAP_MB,
    deadlineMs: DEADLINE_MS,
    signal,
    failure: "XLS file could not be read",
    tooSlow: "it took too long to open (damaged file?)",
    onMessage: (msg: { stream?: Uint8Array; error?: string }) => {
      if (!msg.stream) throw new Error(msg.error ?? "unknown error");
      return Buffer.from(msg.stream.buffer, msg.stream.byteOffset, msg.stream.byteLength);
    },
  });
}
