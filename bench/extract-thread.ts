// npm run bench:extract-thread
//
// What running text extractors in extraction threads (lib/pipeline/extract/extraction-pool.ts)
// costs per item, beside the baseline of the same extractor called on the main thread: small
// committed fixtures, 20 rounds each (medians), after one warm-up of each side. Also the cost
// of a cold thread (what the first item after a terminated thread pays). A benchmark, not a test.
import path from "node:path";
import { extractInThread, type ThreadedCategory } from "@/lib/pipeline/extract/extraction-pool";
import { EXTRACTORS } from "@/lib/pipeline/extractors";
import { measureExtraction } from "@/lib/pipeline/measure-extraction";
import { median, table } from "./lib/report";

const CHUNKING = { chunkSize: 400, chunkOverlap: 60 };

const ROUNDS = 20;
const FIXTURES: Array<[ThreadedCategory, string]> = [
  ["document", "documents/sample.md"],
  ["document", "documents/sample.docx"],
  ["document", "documents/sample.pdf"],
];

async function time(fn: () => Promise<unknown>): Promise<number> {
  const started = performance.now();
  await fn();
  return performance.now() - started;
}

const cold = await time(() => extractInThread("document", { path: path.resolve("test/fixtures/documents/sample.md"), extension: ".md" }, CHUNKING));
const rows: string[][] = [];
for (const [category, fixture] of FIXTURES) {
  const input = { path: path.resolve("test/fixtures", fixture), extension: path.extname(fixture) };
  measureExtraction(category, await EXTRACTORS[category](input), CHUNKING);
  await extractInThread(category, input, CHUNKING);
  const main: number[] = [];
  const thread: number[] = [];
  for (let i = 0; i < ROUNDS; i++) {
    main.push(await time(async () => measureExtraction(category, await EXTRACTORS[category](input), CHUNKING)));
    thread.push(await time(() => extractInThread(category, input, CHUNKING)));
  }
  const [m, t] = [median(main), median(thread)];
  rows.push([fixture, `${m.toFixed(1)} ms`, `${t.toFixed(1)} ms`, `${(t - m).toFixed(1)} ms`]);
}
console.log(`cold extraction thread (start, load tsx and the document parsers, read sample.md): ${cold.toFixed(0)} ms`);
console.log(table(["file", "main thread (baseline)", "extraction thread (warm)", "overhead"], rows));
