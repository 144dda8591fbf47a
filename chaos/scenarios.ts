import { readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import { call, multipart, tally, type UploadFile } from "./api";
import { killComponent, ROOT, type Stack } from "./stack";

const BASE = "http://chaos.test";
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export interface Scenario {
  name: string;
  rounds: number;
  run(ctx: Ctx): Promise<void>;
}
export interface Ctx {
  stack: Stack;
  quick: boolean;
  /** A fresh account with `credit` dollars; its id joins the round's checks. */
  account(credit?: number): Promise<{ accountId: string; apiKey: string }>;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- whatever JSON the route answered
  submit(apiKey: string, files: UploadFile[], init?: { fields?: Record<string, string>; headers?: Record<string, string> }): Promise<{ status: number; body: any }>;
}

function filesUnder(dir: string, maxBytes: number): string[] {
  const out: string[] = [];
  const walk = (d: string) => {
    for (const name of readdirSync(d)) {
      const p = path.join(d, name);
      const st = statSync(p);
      if (st.isDirectory()) walk(p);
      else if (st.size > 0 && st.size <= maxBytes && !/\.(sh|ts|md|json)$/.test(name) || /sample\.json$/.test(name)) out.push(p);
    }
  };
  walk(dir);
  return out.sort();
}

/** Real files: the fixtures' documents, web pages and spreadsheets (quick to process), and the acceptance corpus. */
const fixtureFiles = () => ["documents", "web", "spreadsheets"].flatMap((d) => filesUnder(path.join(ROOT, "test/fixtures", d), 300_000)).filter((p) => !/bomb|billion|xxe/.test(p));
const corpusFiles = () => filesUnder(path.join(ROOT, "test/acceptance/files"), 2_000_000);
const load = (p: string, i = 0): UploadFile => ({ name: `${i}-${path.basename(p)}`, content: readFileSync(p) });

/** A deterministic generator, so a run's damaged files can be made again. */
function random(seed: number) {
  let s = seed >>> 0 || 1;
  return () => ((s = (s * 1664525 + 1013904223) >>> 0) / 2 ** 32);
}

function damaged(file: UploadFile, rnd: () => number, n: number): UploadFile {
  const bytes = Buffer.from(file.content);
  const kind = n % 3;
  if (kind === 0) return { name: `trunc-${n}-${file.name}`, content: bytes.subarray(0, Math.max(1, Math.floor(bytes.length * rnd()))) };
  const flips = kind === 1 ? 1 : 1 + Math.floor(rnd() * 64);
  for (let f = 0; f < flips; f++) {
    const at = Math.floor(rnd() * bytes.length);
    bytes[at] = bytes[at]! ^ (1 << Math.floor(rnd() * 8));
  }
  return { name: `flip${flips}-${n}-${file.name}`, content: bytes };
}

async function waitForProcessing(ctx: Ctx, accountId: string, timeoutMs = 60_000) {
  const { getDb } = await import("@/db/client");
  const { sql } = await import("drizzle-orm");
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const [row] = [...(await getDb().execute<{ n: number }>(sql`select count(*)::int as n from batch_items where account_id = ${accountId} and status = 'processing'`).catch(() => [{ n: 0 }]))];
    if (row!.n > 0) return;
    await sleep(100);
  }
}

export function scenarios(quick: boolean): Scenario[] {
  const kills = quick ? 2 : 10;
  const perRound = quick ? 5 : 25;
  return [
    {
      name: "worker SIGKILL",
      rounds: kills,
      async run(ctx) {
        const files = [...fixtureFiles(), ...corpusFiles()];
        for (let round = 0; round < kills; round++) {
          const { accountId, apiKey } = await ctx.account(5);
          const batch = Array.from({ length: perRound }, (_, i) => load(files[(round * perRound + i) % files.length]!, round * perRound + i));
          await ctx.submit(apiKey, batch, { fields: { collection_id: `kill-${round}`, batch_options: JSON.stringify({ skip_invalid: true }) } });
          await waitForProcessing(ctx, accountId);
          const victim = [...ctx.stack.workers][0];
          if (victim) ctx.stack.killWorker(victim);
          ctx.stack.startWorker();
        }
      },
    },
    ...(["chroma", "postgres"] as const).map((component) => ({
      name: `${component} killed mid-batch`,
      rounds: 1,
      async run(ctx: Ctx) {
        const { accountId, apiKey } = await ctx.account(5);
        const files = fixtureFiles().slice(0, quick ? 6 : 20).map(load);
        await ctx.submit(apiKey, files, { fields: { collection_id: `outage-${component}`, batch_options: JSON.stringify({ skip_invalid: true }) } });
        await waitForProcessing(ctx, accountId);
        await killComponent(component === "chroma" ? ctx.stack.chroma : ctx.stack.pg);
        // Requests during the outage: each must be a documented 503 or succeed, never a bare 500.
        for (let i = 0; i < 3; i++) {
          await ctx.submit(apiKey, [{ ...files[0]!, name: `during-${i}-${files[0]!.name}` }]).catch(() => undefined);
          await sleep(500);
        }
      },
    })),
    {
      name: "50 submissions, balance for 10",
      rounds: 1,
      async run(ctx) {
        const { apiKey } = await ctx.account(0.4);
        const [file] = fixtureFiles();
        await Promise.all(Array.from({ length: 50 }, (_, i) => ctx.submit(apiKey, [{ name: `c${i}.txt`, content: Buffer.from(`Concurrent submission ${i} ${readFileSync(file!).length}`) }])));
      },
    },
    {
      name: "20 copies of one file",
      rounds: 1,
      async run(ctx) {
        const { apiKey } = await ctx.account(5);
        const content = Buffer.from("The same bytes, sent twenty times at once.");
        await Promise.all(Array.from({ length: 20 }, () => ctx.submit(apiKey, [{ name: "same.txt", content }], { fields: { collection_id: "copies" } })));
      },
    },
    {
      name: "10 requests, one Idempotency-Key",
      rounds: 1,
      async run(ctx) {
        const { apiKey } = await ctx.account(5);
        const content = Buffer.from("Sent ten times with one key.");
        await Promise.all(Array.from({ length: 10 }, () => ctx.submit(apiKey, [{ name: "once.txt", content }], { headers: { "idempotency-key": "chaos-key-1" } })));
      },
    },
    {
      name: "damaged variants",
      rounds: 1,
      async run(ctx) {
        const total = quick ? 30 : 1000;
        const sources = [...fixtureFiles(), ...corpusFiles()].map((p, i) => load(p, i));
        const rnd = random(15);
        const { apiKey } = await ctx.account(total * 0.04 + 1);
        for (let sent = 0; sent < total; sent += 20) {
          const batch = Array.from({ length: Math.min(20, total - sent) }, (_, i) => damaged(sources[(sent + i) % sources.length]!, rnd, sent + i));
          await ctx.submit(apiKey, batch, { fields: { collection_id: "damaged", batch_options: JSON.stringify({ skip_invalid: true }) } });
        }
      },
    },
    {
      name: "bad-request battery",
      rounds: 1,
      async run(ctx) {
        const { apiKey } = await ctx.account(1);
        const other = await ctx.account(1);
        const { POST: postBatch, GET: listBatches } = await import("@/app/v1/batches/route");
        const { GET: getBatch } = await import("@/app/v1/batches/[id]/route");
        const { DELETE: deleteMedia } = await import("@/app/v1/media/[id]/route");
        const { POST: search } = await import("@/app/v1/search/route");
        const txt = { name: "a.txt", content: Buffer.from("hello") };
        const own = await ctx.submit(other.apiKey, [txt]);
        const cases: Array<() => Promise<unknown>> = [
          () => call(postBatch, multipart(`${BASE}/v1/batches`, { files: [txt] })),
          () => call(postBatch, multipart(`${BASE}/v1/batches`, { apiKey: "tsk_not_a_key", files: [txt] })),
          () => call(postBatch, multipart(`${BASE}/v1/batches`, { apiKey, files: Array.from({ length: 26 }, (_, i) => ({ name: `f${i}.txt`, content: Buffer.from("x") })) })),
          () => call(postBatch, multipart(`${BASE}/v1/batches`, { apiKey, files: [] })),
          () => call(postBatch, multipart(`${BASE}/v1/batches`, { apiKey, files: [txt], fields: { batch_options: "{not json" } })),
          () => call(postBatch, multipart(`${BASE}/v1/batches`, { apiKey, files: [txt], fields: { collection_id: "a//b" } })),
          () => call(postBatch, multipart(`${BASE}/v1/batches`, { apiKey, files: [txt], fields: { force_overwrite: "maybe" } })),
          () => call(postBatch, multipart(`${BASE}/v1/batches`, { apiKey, files: [{ name: "bad\u0000.txt", content: Buffer.from("x") }] })),
          () => call(postBatch, new Request(`${BASE}/v1/batches`, { method: "POST", headers: { "x-api-key": apiKey, "content-type": "multipart/form-data; boundary=zzz" }, body: "--zzz\r\ngarbage" })),
          () => call(postBatch, new Request(`${BASE}/v1/batches`, { method: "POST", headers: { "x-api-key": apiKey, "content-type": "application/json" }, body: "{}" })),
          () => call(listBatches, new Request(`${BASE}/v1/batches?page_size=100000`, { headers: { "x-api-key": apiKey } })),
          () => call(getBatch, new Request(`${BASE}/v1/batches/x`, { headers: { "x-api-key": apiKey } }), { id: own.body?.data?.batch_id ?? "batch_x" }),
          () => call(deleteMedia, new Request(`${BASE}/v1/media/x`, { method: "DELETE", headers: { "x-api-key": apiKey } }), { id: "media_nope" }),
          () => call(search, new Request(`${BASE}/v1/search`, { method: "POST", headers: { "x-api-key": apiKey, "content-type": "application/json" }, body: JSON.stringify({ query: "\u0000", lexical_weight: 1 }) })),
          () => call(search, new Request(`${BASE}/v1/search`, { method: "POST", headers: { "x-api-key": apiKey, "content-type": "application/json" }, body: "[" })),
        ];
        for (const c of cases) await c();
        void tally;
      },
    },
  ];
}
