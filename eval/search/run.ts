// npm run eval:search
//
// Processes the labelled corpus (eval/search/corpus: 40 topics x 9 media categories) through
// the real pipeline into a private PostgreSQL + Chroma, then runs the 200 queries of
// eval/search/topics.ts in three modes (vector only, full-text only, hybrid) and prints
// recall@5, recall@10 and MRR overall and per media category, for the configured providers.
// A relevant item is any item of the query's topic that was processed.
//
// `npm run eval:search -- --categories audio,video` processes and scores only those categories:
// with SPEECH_TO_TEXT set, that is the recall of each speech provider's transcripts.

import { mkdtemp, readdir, readFile, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { meanReciprocalRank, recallAt, type Judged } from "./metrics";
import { TOPICS } from "./topics";
import { finishedBatchItems } from "../lib/batch-items";
import { startEvalServices } from "../lib/start-services";

const CORPUS = path.join(import.meta.dirname, "corpus");
const MODES = [
  { name: "vector", weight: 0 },
  { name: "lexical", weight: 1 },
  { name: "hybrid", weight: 0.3 },
] as const;
const log = (m: string) => console.log(`[eval] ${m}`);

/** The categories named by `--categories a,b`, or null for all of them. */
function chosenCategories(argv: string[]): Set<string> | null {
  const at = argv.indexOf("--categories");
  const value = at >= 0 ? argv[at + 1] : argv.find((a) => a.startsWith("--categories="))?.split("=")[1];
  return value ? new Set(value.split(",").map((c) => c.trim()).filter(Boolean)) : null;
}

async function main() {
  const tmp = await mkdtemp(path.join(os.tmpdir(), "tessera-eval-"));
  const services = await startEvalServices(tmp);
  // The lib reads its configuration once, lazily: set it before the first import touches it.
  Object.assign(process.env, { DATABASE_URL: services.databaseUrl, CHROMA_URL: services.chromaUrl, DATA_DIR: path.join(tmp, "data") });
  const { migrateDatabase } = await import("@/db/migrate");
  const { getDb, closeDb } = await import("@/db/client");
  const { createAccount } = await import("@/lib/accounts/create-account");
  const { startPostgresWorker } = await import("@/lib/jobs/postgres-worker");
  const { submitBatch } = await import("@/lib/batches/submit-batch");
  const { searchMedia } = await import("@/lib/search/search-media");
  const { getTextEmbedder } = await import("@/lib/embeddings");
  const { loadSpeechProvider } = await import("@/lib/speech");
  const only = chosenCategories(process.argv.slice(2));
  const worker = await startPostgresWorker({ concurrency: 2 });
  try {
    await migrateDatabase(services.databaseUrl);
    const { account } = await createAccount(getDb(), { name: "eval", creditMicros: 1_000_000_000 });
    const accountId = account.id;

    // Process the corpus, 25 files a batch, and remember which topic each media belongs to.
    const topicOf = new Map<string, string>();
    const categoryOf = new Map<string, string>();
    const processed: Record<string, { ok: number; failed: string[] }> = {};
    for (const category of (await readdir(CORPUS)).sort().filter((c) => !only || only.has(c))) {
      const files = (await readdir(path.join(CORPUS, category))).sort();
      processed[category] = { ok: 0, failed: [] };
      for (let i = 0; i < files.length; i += 25) {
        const form = new FormData();
        for (const name of files.slice(i, i + 25)) form.append("file", new Blob([new Uint8Array(await readFile(path.join(CORPUS, category, name)))]), name);
        form.append("collection_id", "eval");
        form.append("batch_options", JSON.stringify({ skip_invalid: true }));
        let batchId: string;
        try {
          const created = await submitBatch({ request: new Request("http://eval/v1/batches", { method: "POST", body: form }), accountId });
          batchId = created.data.batch_id;
          for (const rejected of created.metadata.rejected_files ?? []) processed[category].failed.push(`${rejected.filename}: ${rejected.reason}`);
        } catch (error) {
          processed[category].failed.push(`whole batch refused: ${error instanceof Error ? error.message : String(error)}`);
          continue;
        }
        for (const item of await finishedBatchItems({ accountId, batchId, pollMs: 500 })) {
          if (item.status === "succeeded" && item.media_id) {
            processed[category].ok++;
            topicOf.set(item.media_id, item.filename.replace(/\.[^.]+$/, ""));
            categoryOf.set(item.media_id, category);
          } else processed[category].failed.push(`${item.filename}: ${item.error?.message ?? item.status}`);
        }
      }
      log(`${category}: ${processed[category].ok} processed, ${processed[category].failed.length} not`);
    }

    const embedder = await getTextEmbedder();
    const speech = await loadSpeechProvider().then((p) => `${p.name}: ${p.describe()}`, (error: Error) => `not available (${error.message})`);
    const queries = TOPICS.flatMap((t) => t.queries.map((q) => ({ topic: t.id, query: q })));
    const categories = Object.keys(processed).filter((c) => processed[c]!.ok > 0);
    const relevantFor = (topic: string, category?: string) =>
      new Set([...topicOf].filter(([id, t]) => t === topic && (!category || categoryOf.get(id) === category)).map(([id]) => id));

    const rows: string[][] = [];
    for (const mode of MODES) {
      const run = async (category?: string): Promise<Judged[]> =>
        Promise.all(
          queries.map(async ({ topic, query }) => {
            const result = await searchMedia({
              accountId,
              request: { query, collections: "eval", max_results: 10, lexical_weight: mode.weight, ...(category && { filters: { media_type: category as never } }) },
            });
            return { ranked: result.results.map((r) => r.media_id), relevant: relevantFor(topic, category) };
          }),
        );
      const cell = (runs: Judged[]) => [recallAt(5, runs), recallAt(10, runs), meanReciprocalRank(runs)].map((x) => x.toFixed(3));
      rows.push([`${embedder.provider}/${embedder.model}`, mode.name, "all", ...cell(await run())]);
      for (const category of categories) rows.push(["", mode.name, category, ...cell(await run(category))]);
      log(`mode ${mode.name} done`);
    }

    const widths = [0, 1, 2, 3, 4, 5].map((i) => Math.max(...[["provider", "mode", "category", "recall@5", "recall@10", "MRR"], ...rows].map((r) => r[i]!.length)));
    const line = (r: string[]) => r.map((c, i) => c.padEnd(widths[i]!)).join(" | ");
    console.log(`\nspeech to text (audio and video transcripts): ${speech}`);
    console.log(`${queries.length} queries over ${topicOf.size} processed items (${TOPICS.length} topics x ${categories.length} categories)\n`);
    console.log(line(["provider", "mode", "category", "recall@5", "recall@10", "MRR"]));
    console.log(widths.map((w) => "-".repeat(w)).join("-|-"));
    for (const r of rows) console.log(line(r));
    console.log("\nPer category: the query's one item of that category is the relevant one (media_type filter).");
    console.log("Providers not evaluated: those not configured on this machine (see README, Embeddings).");
    for (const [category, p] of Object.entries(processed)) for (const f of p.failed.slice(0, 3)) console.log(`  not processed (${category}): ${f}`);
    await closeDb();
  } finally {
    await worker.stop().catch(() => {});
    await services.stop();
    await rm(tmp, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
