import { ItemError } from "@/lib/pipeline/types";
import { passwordProtected } from "./password-protected";
import { runIsolated, resolvePackage } from "./isolated-worker";

// word-extractor trusts the sizes in a damaged file: it has exhausted the heap and left
// promises pending forever, so it runs isolated (see isolated-worker.ts).
const HEAP_MB = 256;
const DEADLINE_MS = 15_000;

const WORKER_SOURCE = `
const { parentPort, workerData } = require("node:worker_threads");
const WordExtractor = require(workerData.modulePath);
const CFB = require(workerData.cfbPath);
// FibBase.fEncrypted (bit 0 of the byte at 0x0B of the WordDocument stream): the text is ciphered.
let fib = null;
try {
  fib = CFB.find(CFB.read(Buffer.from(workerData.bytes), { type: "buffer" }), "WordDocument");
} catch {
  // word-extractor names what is wrong with the container.
}
// FibBase.wIdent: 0xA5EC for Word 97 and later; 0xA5DC is Word 6.0/95, a format word-extractor does not read.
const ident = fib && fib.content && fib.content.length > 2 ? fib.content[0] | (fib.content[1] << 8) : null;
if (ident === 0xa5dc) parentPort.postMessage({ legacy: true });
else if (fib && fib.content && fib.content.length > 0x0b && (fib.content[0x0b] & 1)) parentPort.postMessage({ encrypted: true });
else new WordExtractor().extract(Buffer.from(workerData.bytes)).then(
  (doc) => parentPort.postMessage({ body: doc.getBody(), notes: [doc.getFootnotes(), doc.getEndnotes()].join("\\n\\n") }),
  (err) => parentPort.postMessage({ error: String(err && err.message || err) }),
);`;

export interface DocText {
  body: string;
  notes: string;
}

/** Body text and notes of a Word 97-2003 file, read in an isolated worker. */
export function readDocText(bytes: Buffer, signal?: AbortSignal): Promise<DocText> {
  return runIsolated({
    source: WORKER_SOURCE,
    workerData: { modulePath: resolvePackage("word-extractor"), cfbPath: resolvePackage("cfb"), bytes },
    heapMb: HEAP_MB,
    deadlineMs: DEADLINE_MS,
    signal,
    failure: "DOC file could not be read",
    tooSlow: "it took too long to parse (damaged file?)",
    onMessage: (msg: DocText & { error?: string; encrypted?: boolean; legacy?: boolean }) => {
      if (msg.encrypted) throw passwordProtected(".doc");
      if (msg.legacy) throw new ItemError("unsupported_media", "DOC file is in the Word 6.0/95 format, which is not read; save it as DOCX or as a Word 97-2003 DOC and upload it again");
      if (msg.error !== undefined) throw new Error(msg.error);
      return { body: msg.body, notes: msg.notes };
    },
  });
}
