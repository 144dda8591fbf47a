// npm run bench:ingest [-- --text-files N] [--skip-langchain] [--worker-threads N]
//
// Ingestion through the real API and a real worker (`npm run worker`, its defaults: two items at
// a time, one model thread per core), beside two baselines run on the same files in the same run:
//   floor      the same extraction and chunking, the bare model call (use-lite-thread.mjs, one
//              thread per core, texts split evenly between them) and a bare Chroma `add`, in this
//              process: no HTTP, no database, no queue, no leases, no ledger.
//   LangChain  the pipeline a TypeScript developer would write instead: TextLoader,
//              RecursiveCharacterTextSplitter (1,600 characters, about Tessera's 400 tokens, overlap
//              200), the same USE-lite threads wrapped as its Embeddings, a VectorStore writing to
//              Chroma as its Chroma store does (see langchainRun for why not that package itself).
//              Only on the text files (the type both read).
// Corpus: a generated fixture of every category (SMALL_FIXTURES, from test/fixtures) and
// N short text files (default 2,000) from ArguAna's corpus (eval/beir/data/arguana, CC BY-SA 4.0,
// see SOURCE.md there), plus one long text of ~70k tokens made of later ArguAna documents.
// Scenarios:
//   1. small alone: one batch of the fixtures and 10 short texts; each item's latency is its
//      finished_at minus its batch's created_at (so waiting for its turn in the batch counts).
//   2. small in a mixed batch: the same small files in one batch behind the long text.
//   3. throughput: the N text files in batches of 25, all submitted at once, until the last ends:
//      files/s, chunks/s, CPU utilisation of the machine and of the worker, the worker's peak RSS.
// Prints figures, never fails on them. State lives in a temp dir and is removed afterwards.

import { spawn, type ChildProcess } from "node:child_process";
import { createReadStream, readFileSync } from "node:fs";
import { copyFile, mkdir, readFile, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import readline from "node:readline";
import { createGunzip } from "node:zlib";
import { ChromaClient } from "chromadb";
import postgres from "postgres";
import { DEFAULT_CHUNK_OVERLAP, DEFAULT_CHUNK_SIZE } from "@/lib/constants";
import { startModelThread, type ModelThread } from "@/lib/embeddings/model-thread";
import { chunkSections } from "@/lib/pipeline/chunk";
import { EXTRACTORS } from "@/lib/pipeline/extractors";
import type { BenchFile } from "./lib/files";
import { postMultipart } from "./lib/multipart";
import { mib, table } from "./lib/report";
import { hwmBytes } from "./lib/rss";
import { services } from "./lib/services";
import { prepareBenchRun, startStack, type Stack } from "./lib/stack";

const ROOT = path.resolve(import.meta.dirname, "..");
const log = (message: string) => console.log(`[bench] ${message}`);
const argValue = (name: string) => {
  const at = process.argv.indexOf(name);
  return at >= 0 ? process.argv[at + 1] : undefined;
};
const TEXT_FILES = Number(argValue("--text-files") ?? 2_000);
const SKIP_LANGCHAIN = process.argv.includes("--skip-langchain");
/** The worker's EMBEDDING_THREADS (default: its own default, one per core); 1 shows what the pool buys. */
const WORKER_THREADS = argValue("--worker-threads");
const THREADS = Math.min(4, os.availableParallelism());
const BATCH_FILES = 25;
const SMALL_TEXTS = 10;
/** One generated fixture of each category (with the 10 short texts and the long one, a batch of 20). */
const SMALL_FIXTURES = ["documents/sample.docx", "web/sample.html", "ebooks/sample.epub", "presentations/sample.pptx", "spreadsheets/sample.xlsx", "images/sample.jpg", "audio/sample.mp3", "video/sample.mp4", "model3d/cube.glb"];

// ---------------------------------------------------------------------------
// Corpus

async function* arguanaDocuments(): AsyncGenerator<{ id: string; text: string }> {
  const lines = readline.createInterface({ input: createReadStream(path.join(ROOT, "eval/beir/data/arguana/corpus.jsonl.gz")).pipe(createGunzip()) });
  for await (const line of lines) {
    if (!line.trim()) continue;
    const doc = JSON.parse(line) as { _id: string; title: string; text: string };
    yield { id: doc._id, text: [doc.title, doc.text].filter(Boolean).join("\n\n") };
  }
}

const benchFile = (file: string, name = path.basename(file)): BenchFile => ({ path: file, name, size: readFileSync(file).length });

async function buildCorpus(dir: string) {
  const textDir = path.join(dir, "text");
  const smallDir = path.join(dir, "small");
  await mkdir(textDir, { recursive: true });
  await mkdir(smallDir, { recursive: true });
  const texts: BenchFile[] = [];
  const small: BenchFile[] = [];
  const longParts: string[] = [];
  let longChars = 0;
  let n = 0;
  for await (const doc of arguanaDocuments()) {
    n++;
    if (texts.length < TEXT_FILES) {
      const file = path.join(textDir, `arguana-${n}.txt`);
      await writeFile(file, doc.text);
      texts.push(benchFile(file));
    } else if (small.length < SMALL_TEXTS) {
      const file = path.join(smallDir, `note-${n}.txt`);
      await writeFile(file, doc.text);
      small.push(benchFile(file));
    } else if (longChars < 280_000) {
      longParts.push(doc.text);
      longChars += doc.text.length;
    }
  }
  if (texts.length < TEXT_FILES) throw new Error(`ArguAna has only ${n} documents; ask for fewer --text-files`);
  // ~4 characters a token: ~70k tokens, under the documents' 75k limit.
  const longFile = path.join(dir, "long-debates.txt");
  await writeFile(longFile, longParts.join("\n\n"));

  for (const fixture of SMALL_FIXTURES) {
    const target = path.join(smallDir, fixture.replace("/", "-"));
    await copyFile(path.join(ROOT, "test/fixtures", fixture), target);
    small.push(benchFile(target));
  }
  return { texts, small, long: benchFile(longFile) };
}

// ---------------------------------------------------------------------------
// Tessera: API + worker

function startWorker(stack: Stack, dataDir: string): ChildProcess {
  const child = spawn(process.execPath, ["--import", "tsx", "scripts/worker.ts"], {
    cwd: ROOT,
    env: { ...process.env, NODE_ENV: "production", DATABASE_URL: stack.databaseUrl, CHROMA_URL: stack.chromaUrl, DATA_DIR: dataDir, ...(WORKER_THREADS && { EMBEDDING_THREADS: WORKER_THREADS }) },
    stdio: ["ignore", "pipe", "pipe"],
  });
  child.stdout!.resume();
  child.stderr!.on("data", (c: Buffer) => process.stderr.write(`[worker] ${c}`));
  return child;
}

async function submit(stack: Stack, files: BenchFile[], collection: string): Promise<string> {
  for (let attempt = 0; ; attempt++) {
    const res = await postMultipart(`${stack.baseUrl}/v1/batches`, { authorization: `Bearer ${stack.apiKey}` }, files, { collection_id: collection });
    const body = res.body as { data?: { batch_id?: string } } | undefined;
    if (res.status === 200 && body?.data?.batch_id) return body.data.batch_id;
    if (res.status === 429 && attempt < 20) {
      await new Promise((r) => setTimeout(r, 1_000));
      continue;
    }
    throw new Error(`POST /v1/batches answered HTTP ${res.status}: ${res.text.slice(0, 500)}`);
  }
}

interface ItemTiming {
  filename: string;
  status: string;
  latencyS: number;
  chunks: number;
}

/** Waits until every item of the batches has ended (read from the database: no API polling quota). */
async function waitForBatches(sql: postgres.Sql, batchIds: string[], timeoutMs: number): Promise<ItemTiming[]> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const rows = await sql<{ filename: string; status: string; latency_s: number | null; chunks: number }[]>`
      select i.filename, i.status, extract(epoch from i.finished_at - b.created_at)::float8 as latency_s, i.chunks_written as chunks
      from batch_items i join batches b on b.id = i.batch_id where i.batch_id in ${sql(batchIds)}`;
    if (rows.every((r) => ["succeeded", "failed", "skipped_duplicate", "cancelled"].includes(r.status))) {
      return rows.map((r) => ({ filename: r.filename, status: r.status, latencyS: r.latency_s ?? 0, chunks: r.chunks }));
    }
    if (Date.now() > deadline) throw new Error(`batches not finished after ${timeoutMs / 1000} s`);
    await new Promise((r) => setTimeout(r, 500));
  }
}

// ---------------------------------------------------------------------------
// CPU

function machineCpu(): { busy: number; total: number } {
  const [, ...fields] = readFileSync("/proc/stat", "utf8").split("\n")[0]!.trim().split(/\s+/);
  const v = fields.map(Number);
  const total = v.reduce((a, b) => a + b, 0);
  return { busy: total - v[3]! - v[4]!, total };
}

function processCpuSeconds(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
  const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
  return (Number(fields[11]) + Number(fields[12])) / 100; // utime + stime, in clock ticks (100 Hz)
}

// ---------------------------------------------------------------------------
// Baselines

/** The bare model: one use-lite thread per core, each given an even share of the texts. */
async function bareModel(): Promise<{ embed(texts: string[]): Promise<number[][]>; close(): Promise<void> }> {
  const threads: ModelThread<{ texts: string[] }, number[][]>[] = await Promise.all(
    Array.from({ length: THREADS }, () => startModelThread<{ texts: string[] }, number[][]>("use-lite-thread.mjs", "The bare model")),
  );
  return {
    async embed(texts) {
      const share = Math.ceil(texts.length / threads.length);
      const parts = await Promise.all(threads.map((t, i) => t.call({ texts: texts.slice(i * share, (i + 1) * share) })));
      return parts.flat();
    },
    close: async () => void (await Promise.all(threads.map((t) => t.close()))),
  };
}

function chromaClient(url: string) {
  const u = new URL(url);
  return new ChromaClient({ host: u.hostname, port: Number(u.port) });
}

async function floorRun(files: BenchFile[], chromaUrl: string, model: Awaited<ReturnType<typeof bareModel>>) {
  const started = performance.now();
  const texts: string[] = [];
  const ids: string[] = [];
  for (const [i, file] of files.entries()) {
    const extraction = await EXTRACTORS.document({ path: file.path, extension: ".txt", filename: file.name });
    const chunks = chunkSections(extraction.sections, { chunkSize: DEFAULT_CHUNK_SIZE, chunkOverlap: DEFAULT_CHUNK_OVERLAP });
    for (const c of chunks) {
      texts.push(c.text);
      ids.push(`${i}:${c.index}`);
    }
  }
  const embeddings = await model.embed(texts);
  const collection = await chromaClient(chromaUrl).createCollection({ name: `floor-${Date.now()}`, embeddingFunction: null, configuration: { hnsw: { space: "cosine" } } });
  for (let i = 0; i < ids.length; i += 1_000) {
    await collection.add({ ids: ids.slice(i, i + 1_000), embeddings: embeddings.slice(i, i + 1_000), documents: texts.slice(i, i + 1_000) });
  }
  return { seconds: (performance.now() - started) / 1000, chunks: ids.length };
}

/**
 * LangChain's own loader, splitter, Embeddings and VectorStore interfaces. Its Chroma store
 * (@langchain/community/vectorstores/chroma) cannot be installed beside Tessera: every
 * @langchain/community release requires @browserbasehq/stagehand as a peer, which requires
 * openai ^4, and Tessera uses openai 7. So the store is a VectorStore subclass that writes as
 * that store's addVectors does (one chromadb `add` of ids, embeddings, documents, metadatas).
 */
async function langchainRun(files: BenchFile[], chromaUrl: string, model: Awaited<ReturnType<typeof bareModel>>) {
  const [{ TextLoader }, { RecursiveCharacterTextSplitter }, { VectorStore }, { Embeddings }] = await Promise.all([
    import("@langchain/classic/document_loaders/fs/text"),
    import("@langchain/textsplitters"),
    import("@langchain/core/vectorstores"),
    import("@langchain/core/embeddings"),
  ]);
  type Doc = import("@langchain/core/documents").DocumentInterface;
  class UseLiteEmbeddings extends Embeddings {
    embedDocuments(texts: string[]) {
      return model.embed(texts);
    }
    async embedQuery(text: string) {
      return (await model.embed([text]))[0]!;
    }
  }
  const collection = await chromaClient(chromaUrl).createCollection({ name: `langchain-${Date.now()}`, embeddingFunction: null, configuration: { hnsw: { space: "cosine" } } });
  class ChromaStore extends VectorStore {
    _vectorstoreType() {
      return "chroma";
    }
    async addVectors(vectors: number[][], documents: Doc[]) {
      const ids = documents.map(() => crypto.randomUUID());
      const metadatas = documents.map((d) => Object.fromEntries(Object.entries(d.metadata).filter(([, v]) => ["string", "number", "boolean"].includes(typeof v))));
      await collection.add({ ids, embeddings: vectors, documents: documents.map((d) => d.pageContent), metadatas });
      return ids;
    }
    async addDocuments(documents: Doc[]) {
      return this.addVectors(await this.embeddings.embedDocuments(documents.map((d) => d.pageContent)), documents);
    }
    async similaritySearchVectorWithScore(): Promise<[Doc, number][]> {
      throw new Error("not used by the benchmark");
    }
  }
  const started = performance.now();
  const splitter = new RecursiveCharacterTextSplitter({ chunkSize: 1_600, chunkOverlap: 200 });
  const documents: Doc[] = [];
  for (const file of files) documents.push(...(await splitter.splitDocuments(await new TextLoader(file.path).load())));
  await new ChromaStore(new UseLiteEmbeddings({}), {}).addDocuments(documents);
  return { seconds: (performance.now() - started) / 1000, chunks: documents.length };
}

// ---------------------------------------------------------------------------

const percentile = (values: number[], p: number) => {
  const s = [...values].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.max(0, Math.ceil((p / 100) * s.length) - 1))] ?? 0;
};

const { tmp, cleanups, signal } = await prepareBenchRun("ingest", log);
try {
  log(`corpus: fixtures of every category, ${TEXT_FILES} ArguAna texts, one ~70k-token text`);
  const corpus = await buildCorpus(path.join(tmp, "corpus"));
  const stack = await startStack({ root: ROOT, tmp, log, cleanups, signal });
  const svc = await services();
  const sql = postgres(stack.databaseUrl, { max: 2, onnotice: () => {} });
  cleanups.add(() => sql.end({ timeout: 5 }));
  const worker = startWorker(stack, path.join(tmp, "data"));
  cleanups.add(() => svc.stopChild(worker, { signal: "SIGTERM", timeoutMs: 10_000, name: "worker", log }));

  // A warm-up item: the worker loads its models once.
  await waitForBatches(sql, [await submit(stack, [corpus.small.find((f) => f.name.endsWith(".txt"))!], "warm-up")], 300_000);

  log(`1. ${corpus.small.length} small items alone`);
  const alone = await waitForBatches(sql, [await submit(stack, corpus.small, "small-alone")], 600_000);
  log(`2. the same small items behind a ~70k-token text in one batch`);
  const mixedAll = await waitForBatches(sql, [await submit(stack, [corpus.long, ...corpus.small], "small-mixed")], 900_000);
  const mixed = mixedAll.filter((r) => r.filename !== corpus.long.name);
  const longItem = mixedAll.find((r) => r.filename === corpus.long.name)!;

  log(`3. throughput: ${corpus.texts.length} text files in batches of ${BATCH_FILES}`);
  const cpuBefore = machineCpu();
  const workerCpuBefore = processCpuSeconds(worker.pid!);
  const started = performance.now();
  const batchIds: string[] = [];
  for (let i = 0; i < corpus.texts.length; i += BATCH_FILES) batchIds.push(await submit(stack, corpus.texts.slice(i, i + BATCH_FILES), "throughput"));
  const throughput = await waitForBatches(sql, batchIds, 3 * 3600_000);
  const seconds = (performance.now() - started) / 1000;
  const cpuAfter = machineCpu();
  const machineBusy = (cpuAfter.busy - cpuBefore.busy) / (cpuAfter.total - cpuBefore.total);
  const workerBusy = (processCpuSeconds(worker.pid!) - workerCpuBefore) / seconds / os.availableParallelism();
  const workerPeak = hwmBytes(worker.pid!) ?? 0;
  const tesseraChunks = throughput.reduce((n, r) => n + r.chunks, 0);
  const failed = [...alone, ...mixedAll, ...throughput].filter((r) => r.status === "failed");

  await svc.stopChild(worker, { signal: "SIGTERM", timeoutMs: 10_000, name: "worker", log });
  const model = await bareModel();
  // Warm every thread on real text (the first calls of a thread compile its kernels).
  await model.embed((await Promise.all(corpus.small.filter((f) => f.name.endsWith(".txt")).map((f) => readFile(f.path, "utf8")))).flatMap((t) => [t.slice(0, 1_500), t.slice(1_500, 3_000)]));
  log("floor: the same files, extraction + bare model + bare Chroma add, in this process");
  const floor = await floorRun(corpus.texts, stack.chromaUrl, model);
  let langchain: { seconds: number; chunks: number } | null = null;
  if (!SKIP_LANGCHAIN) {
    log("LangChain.js: TextLoader, RecursiveCharacterTextSplitter, the same model, its Chroma store");
    langchain = await langchainRun(corpus.texts, stack.chromaUrl, model);
  }
  await model.close();

  const rate = (files: number, chunks: number, s: number) => [s.toFixed(1), (files / s).toFixed(2), (chunks / s).toFixed(1)];
  console.log(`\nIngestion of ${corpus.texts.length} short text files (ArguAna), ${os.availableParallelism()} cores, load average ${os.loadavg().map((l) => l.toFixed(1)).join(" ")}:\n`);
  console.log(
    table(
      ["pipeline", "chunks", "seconds", "files/s", "chunks/s", "time vs floor"],
      [
        [`Tessera (API + worker, ${WORKER_THREADS ?? THREADS} model thread(s))`, String(tesseraChunks), ...rate(corpus.texts.length, tesseraChunks, seconds), `${(seconds / floor.seconds).toFixed(2)}x`],
        ["floor (extract + bare model + bare Chroma add)", String(floor.chunks), ...rate(corpus.texts.length, floor.chunks, floor.seconds), "1.00x"],
        ...(langchain ? [["LangChain.js (TextLoader, splitter, Chroma store)", String(langchain.chunks), ...rate(corpus.texts.length, langchain.chunks, langchain.seconds), `${(langchain.seconds / floor.seconds).toFixed(2)}x`]] : []),
      ],
    ),
  );
  console.log(`\nDuring Tessera's run: machine CPU ${(machineBusy * 100).toFixed(0)}% busy, worker process ${(workerBusy * 100).toFixed(0)}% of all cores; worker peak RSS ${mib(workerPeak, 0)} MiB.`);

  const lat = (rows: ItemTiming[]) => rows.map((r) => r.latencyS);
  console.log(`\nSmall items (${corpus.small.length}: a fixture of every category and ${SMALL_TEXTS} short texts), latency from batch creation to the item's end, seconds:\n`);
  console.log(
    table(
      ["", "p50", "p95", "max"],
      [
        ["alone", ...[50, 95, 100].map((p) => percentile(lat(alone), p).toFixed(2))],
        [`in a batch behind a ${longItem.chunks}-chunk text (it took ${longItem.latencyS.toFixed(1)} s)`, ...[50, 95, 100].map((p) => percentile(lat(mixed), p).toFixed(2))],
        ["mixed / alone", ...[50, 95, 100].map((p) => `${(percentile(lat(mixed), p) / Math.max(0.001, percentile(lat(alone), p))).toFixed(2)}x`)],
      ],
    ),
  );
  if (failed.length) console.log(`\nFailed items: ${failed.map((f) => f.filename).join(", ")}`);
} finally {
  await cleanups.run();
}
