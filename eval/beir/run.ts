// npm run eval:beir
//
// Two public BEIR datasets (eval/beir/data, see SOURCE.md there) through the real pipeline:
// every document is uploaded as a .txt file through submitBatch and processed by the Postgres
// worker (extract, chunk, embed, store into a private PostgreSQL + Chroma); every query goes
// through searchMedia with max_results 100. Prints nDCG@10, recall@100 and MRR@10 per mode beside
// the published BM25 figure (BEIR paper) and the search latency.
//
//   BEIR_DATASETS=nfcorpus,arguana   which datasets (default both)
//   BEIR_QUERIES=60 BEIR_DOCUMENTS=1600
//                                    the deterministic subset (subsetDataset): a stride sample of
//                                    queries, all their judged documents, and other documents up
//                                    to BEIR_DOCUMENTS (defaults in SUBSETS: this 2-core machine
//                                    embeds ~100 documents a minute under load; "all" for all)
//   BEIR_QUERY_LIMIT=10              only the first N queries of the subset (same documents)
//   BEIR_WEIGHTS=0,1,0.3,0.5,0.7     lexical_weight values to run (default: 0, 1 and the API's default)
//   RERANK_URL=...                   every mode is also reranked (see README, Search), labelled "+ rerank"
//   BEIR_WORK_DIR=/path              keep the databases there and reuse them on the next run
//                                    (documents are processed only once)

import { existsSync } from "node:fs";
import { mkdir, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { createHash } from "node:crypto";
import os from "node:os";
import path from "node:path";
import { finishedBatchItems } from "../lib/batch-items";
import { startEvalServices } from "../lib/start-services";
import { loadBeirDataset, subsetDataset, type BeirDataset } from "./load-dataset";
import { mrrAt, ndcgAt, recallAt, type GradedRun } from "./metrics";
import { fuseRankings } from "@/lib/search/fuse";

/** BM25 (Elasticsearch, title + text) nDCG@10 from the BEIR paper (Thakur et al. 2021, table 2). */
const PUBLISHED_BM25: Record<string, { ndcg10: number; recall100: number }> = {
  nfcorpus: { ndcg10: 0.325, recall100: 0.25 },
  arguana: { ndcg10: 0.315, recall100: 0.942 },
};
const SUBSETS: Record<string, { queries: number; documents: number }> = {
  nfcorpus: { queries: 60, documents: 1_600 },
  arguana: { queries: 300, documents: 1_000 },
};
const sizeOf = (value: string | undefined, fallback: number) => (value === "all" ? Infinity : value ? Number(value) : fallback);
const log = (m: string) => console.log(`[beir] ${m}`);
const percentile = (values: number[], p: number) => [...values].sort((a, b) => a - b)[Math.min(values.length - 1, Math.floor((p / 100) * values.length))] ?? 0;

async function main() {
  const names = (process.env.BEIR_DATASETS ?? "nfcorpus,arguana").split(",").map((s) => s.trim()).filter(Boolean);
  const kept = process.env.BEIR_WORK_DIR;
  const work = kept ? path.resolve(kept) : await mkdtemp(path.join(os.tmpdir(), "tessera-beir-"));
  await mkdir(work, { recursive: true });
  const keptDatabase = kept ? `tessera_beir_${createHash("sha256").update(work).digest("hex").slice(0, 12)}` : undefined;
  const services = await startEvalServices(work, { keptDatabase });
  // The lib reads its configuration once, lazily: set it before the first import touches it.
  Object.assign(process.env, { DATABASE_URL: services.databaseUrl, CHROMA_URL: services.chromaUrl, DATA_DIR: path.join(work, "data") });
  const { migrateDatabase } = await import("@/db/migrate");
  const { closeDb } = await import("@/db/client");
  const { startPostgresWorker } = await import("@/lib/jobs/postgres-worker");
  const { searchMedia } = await import("@/lib/search/search-media");
  const { SearchRequest } = await import("@/lib/search/search-schemas");
  const { getTextEmbedder } = await import("@/lib/embeddings");
  await migrateDatabase(services.databaseUrl);
  const worker = await startPostgresWorker({ concurrency: 2 });
  try {
    const accountId = await ensureAccount(work);
    const defaultWeight = SearchRequest.parse({ query: "x" }).lexical_weight;
    const weights = process.env.BEIR_WEIGHTS ? process.env.BEIR_WEIGHTS.split(",").map(Number) : [0, 1, defaultWeight];
    const embedder = await getTextEmbedder();
    const rows: string[][] = [];
    const subsetSizes = new Map<string, string>();
    const sweep: string[][] = [];
    for (const name of names) {
      const full = loadBeirDataset(name);
      const dataset = subsetDataset(full, {
        queries: sizeOf(process.env.BEIR_QUERIES, SUBSETS[name]?.queries ?? Infinity),
        documents: sizeOf(process.env.BEIR_DOCUMENTS, SUBSETS[name]?.documents ?? Infinity),
      });
      const docOf = await ingest({ dataset, accountId, work });
      // BEIR_QUERY_LIMIT: only the first N of the subset's queries, over the same documents.
      const queries = dataset.queries.slice(0, sizeOf(process.env.BEIR_QUERY_LIMIT, Infinity));
      subsetSizes.set(name, `${queries.length} of ${full.queries.length} queries, ${dataset.documents.length} of ${full.documents.length} documents`);
      log(`${name}: ${docOf.size} of ${full.documents.length} documents processed; ${queries.length} of ${full.queries.length} queries`);
      const lists = new Map<number, { ids: string[]; scores: number[] }[]>();
      for (const weight of [...new Set(weights)]) {
        const runs: GradedRun[] = [];
        const kept: { ids: string[]; scores: number[] }[] = [];
        const took: number[] = [];
        for (const q of queries) {
          const started = performance.now();
          const result = await searchMedia({ accountId, request: { query: q.text, collections: `beir-${name}`, max_results: 100, lexical_weight: weight } });
          took.push(performance.now() - started);
          // The raw scores (BM25, cosine) for the convex combination; `score` is rank-based when fused.
          kept.push({ ids: result.results.map((r) => r.media_id), scores: result.results.map((r) => (weight === 1 ? r.lexical_score : r.vector_score) ?? r.score) });
          // BEIR ignores a result that is the query's own document (ArguAna's queries are in its corpus).
          const ranked = result.results.map((r) => docOf.get(r.media_id) ?? r.media_id).filter((id) => id !== q.id);
          runs.push({ ranked, relevance: dataset.qrels.get(q.id)! });
        }
        const rerank = process.env.RERANK_URL ? " + rerank" : "";
        const mode = (weight === 0 ? "vector" : weight === 1 ? "full-text" : `hybrid ${weight}${weight === defaultWeight ? " (default)" : ""}`) + rerank;
        rows.push([name, mode, ndcgAt(10, runs).toFixed(3), recallAt(100, runs).toFixed(3), mrrAt(10, runs).toFixed(3), percentile(took, 50).toFixed(0), percentile(took, 95).toFixed(0)]);
        log(`${name} ${mode}: nDCG@10 ${rows.at(-1)![2]}, recall@100 ${rows.at(-1)![3]}, MRR@10 ${rows.at(-1)![4]}, p50 ${rows.at(-1)![5]} ms, p95 ${rows.at(-1)![6]} ms`);
        lists.set(weight, kept);
      }
      if (process.env.BEIR_FUSION_SWEEP && lists.has(0) && lists.has(1)) sweep.push(...fusionSweep(name, queries, dataset, docOf, lists.get(0)!, lists.get(1)!));
      const published = PUBLISHED_BM25[name];
      if (published) rows.push([name, "published BM25 (BEIR paper)", published.ndcg10.toFixed(3), published.recall100.toFixed(3), "-", "-", "-"]);
    }
    const header = ["dataset", "mode", "nDCG@10", "recall@100", "MRR@10", "p50 ms", "p95 ms"];
    const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
    const line = (r: string[]) => `| ${r.map((c, i) => c.padEnd(widths[i]!)).join(" | ")} |`;
    console.log(`\nSubsets: ${names.map((n) => `${n} ${subsetSizes.get(n)}`).join("; ")}`);
    console.log(`text embeddings: ${embedder.provider}/${embedder.model}; search latency is searchMedia in-process, one client\n`);
    console.log(line(header));
    console.log(`|${widths.map((w) => "-".repeat(w + 2)).join("|")}|`);
    for (const r of rows) console.log(line(r));
    if (sweep.length) {
      console.log("\nFusion of the vector and full-text lists above (top 100 each), computed here: nDCG@10");
      for (const r of sweep) console.log(`| ${r.join(" | ")} |`);
    }
    await closeDb();
  } finally {
    await worker.stop().catch(() => {});
    await services.stop();
    if (!kept) await rm(work, { recursive: true, force: true });
  }
}

/**
 * BEIR_FUSION_SWEEP: weighted reciprocal rank fusion (the API's fuseRankings) at several
 * lexical weights, and a convex combination of min-max normalised scores, over the same lists.
 */
function fusionSweep(
  name: string,
  queries: { id: string }[],
  dataset: BeirDataset,
  docOf: Map<string, string>,
  vector: { ids: string[]; scores: number[] }[],
  lexical: { ids: string[]; scores: number[] }[],
): string[][] {
  const score = (fuse: (v: { ids: string[]; scores: number[] }, l: { ids: string[]; scores: number[] }) => Map<string, number>) =>
    ndcgAt(
      10,
      queries.map((q, i) => ({
        ranked: [...fuse(vector[i]!, lexical[i]!)].sort((a, b) => b[1] - a[1]).map(([id]) => docOf.get(id) ?? id).filter((id) => id !== q.id),
        relevance: dataset.qrels.get(q.id)!,
      })),
    ).toFixed(3);
  const asHits = (ids: string[]) => ids.map((mediaId) => ({ mediaId }));
  const normalise = (list: { ids: string[]; scores: number[] }) => {
    const max = Math.max(...list.scores);
    const min = Math.min(...list.scores);
    return new Map(list.ids.map((id, k) => [id, max > min ? (list.scores[k]! - min) / (max - min) : 1]));
  };
  const grid = [0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9];
  const rrf = grid.map((w) => score((v, l) => fuseRankings(asHits(v.ids), asHits(l.ids), w)));
  const convex = grid.map((a) =>
    score((v, l) => {
      const nv = normalise(v);
      const nl = normalise(l);
      return new Map([...new Set([...v.ids, ...l.ids])].map((id) => [id, a * (nl.get(id) ?? 0) + (1 - a) * (nv.get(id) ?? 0)]));
    }),
  );
  return [
    [name, "lexical weight", ...grid.map(String)],
    [name, "weighted RRF (k 60)", ...rrf],
    [name, "convex, min-max", ...convex],
  ];
}

async function ensureAccount(work: string): Promise<string> {
  const file = path.join(work, "account.json");
  if (existsSync(file)) return (JSON.parse(await readFile(file, "utf8")) as { accountId: string }).accountId;
  const { getDb } = await import("@/db/client");
  const { createAccount } = await import("@/lib/accounts/create-account");
  const { account } = await createAccount(getDb(), { name: "beir", creditMicros: 10_000_000_000 });
  await writeFile(file, JSON.stringify({ accountId: account.id }));
  return account.id;
}

/** Uploads the dataset's documents 25 a batch and waits for them; returns media id -> document id. */
async function ingest({ dataset, accountId, work }: { dataset: BeirDataset; accountId: string; work: string }): Promise<Map<string, string>> {
  const file = path.join(work, `${dataset.name}.media.json`);
  if (existsSync(file)) return new Map(Object.entries(JSON.parse(await readFile(file, "utf8")) as Record<string, string>));
  const { submitBatch } = await import("@/lib/batches/submit-batch");
  const docOf = new Map<string, string>();
  const started = performance.now();
  const failed: string[] = [];
  const pending: string[] = [];
  const collect = async (batchId: string) => {
    for (const item of await finishedBatchItems({ accountId, batchId })) {
      if (item.status === "succeeded" && item.media_id) docOf.set(item.media_id, item.filename.replace(/\.txt$/, ""));
      else failed.push(`${item.filename}: ${item.error?.message ?? item.status}`);
    }
  };
  for (let i = 0; i < dataset.documents.length; i += 25) {
    const form = new FormData();
    for (const doc of dataset.documents.slice(i, i + 25)) form.append("file", new Blob([doc.text]), `${doc.id}.txt`);
    form.append("collection_id", `beir-${dataset.name}`);
    const created = await submitBatch({ request: new Request("http://eval/v1/batches", { method: "POST", body: form }), accountId });
    pending.push(created.data.batch_id);
    // Keep a few batches queued ahead of the worker, no more (the queue is the backpressure).
    while (pending.length > 4) await collect(pending.shift()!);
    if ((i / 25) % 20 === 0) log(`${dataset.name}: ${i + 25} documents submitted, ${docOf.size} processed, ${((performance.now() - started) / 1000).toFixed(0)} s`);
  }
  while (pending.length) await collect(pending.shift()!);
  log(`${dataset.name}: processed ${docOf.size} documents in ${((performance.now() - started) / 1000).toFixed(0)} s; ${failed.length} failed${failed.length ? ` (${failed.slice(0, 3).join("; ")})` : ""}`);
  await writeFile(file, JSON.stringify(Object.fromEntries(docOf)));
  return docOf;
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
