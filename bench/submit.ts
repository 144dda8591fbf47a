// npm run bench:submit
//
// Times POST /v1/batches for a batch of 25 x 1 MiB and a batch of 5 x 20 MiB (100 MiB, the
// batch limit) and compares it, in the same run and on the same bytes, with a plain Node
// baseline that streams the files from disk to another file while hashing them with SHA-256.
// Samples the server's RSS meanwhile. Targets (from the issue): server time within 1.5x of the
// baseline, and under 150 MiB of RSS growth for the 100 MiB batch. A benchmark, not a test:
// it exits 0 when a target is missed, and says MISSED.
//
// With TESSERA_BASE_URL and TESSERA_API_KEY it benches that running server (loopback only;
// RSS only with TESSERA_SERVER_PID). Otherwise it starts two private Tesseras (PostgreSQL
// database, Chroma, `next start`, no worker) with all state in a temp dir, and removes it all
// afterwards: one keeping uploads in its DATA_DIR (the default), one in an S3-compatible
// object store (s3rver on loopback, through the real AWS SDK with multipart uploads), and
// reports both paths side by side.
// TESSERA_BENCH_ROUNDS: measured rounds per scenario (default 3, after 1 warm-up).
//
// Why 5 x 20 MiB and not 4 x 25 MB: the generated files are text documents, which may be at most
// 20 MiB each, so a 25 MB .txt would be refused; 5 x 20 MiB is exactly the 100 MiB batch limit.

import { mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { baselineCopy } from "./lib/baseline";
import { makeBatchFiles, type BenchFile } from "./lib/files";
import { postMultipart } from "./lib/multipart";
import { MIB, median, mib, table } from "./lib/report";
import { commandOf, hwmBytes, listenerPid, processTree, RssSampler, rssBytes, type RssWindow } from "./lib/rss";
import { services } from "./lib/services";
import { Cleanups, startStack } from "./lib/stack";
import { startS3Server } from "@/test/support/s3-server";

const SPEED_TARGET = 1.5;
const RSS_TARGET_BYTES = 150 * MIB;
const COLLECTION = "tessera-bench";
const DEADLINE_MS = 15 * 60_000;

interface Scenario {
  label: string;
  count: number;
  size: number;
  /** The scenario the RSS target applies to. */
  rssTarget: boolean;
}

const SCENARIOS: Scenario[] = [
  { label: "25 x 1 MiB", count: 25, size: 1 * MIB, rssTarget: false },
  { label: "5 x 20 MiB", count: 5, size: 20 * MIB, rssTarget: true },
];

interface Target {
  /** Where the server keeps uploads: "local folder" or "object store". */
  storage: string;
  baseUrl: string;
  apiKey: string;
  serverPid?: number;
  serverPort: number;
}

interface ScenarioResult {
  storage: string;
  scenario: Scenario;
  bytes: number;
  serverMs: number[];
  baselineMs: number[];
  warmupServerMs: number;
  warmupRss?: RssWindow;
  rss?: RssWindow;
  hwm?: number | null;
}

const log = (message: string) => console.log(`[bench] ${message}`);

function roundsFromEnv(): number {
  const n = Number(process.env.TESSERA_BENCH_ROUNDS ?? 3);
  return Number.isInteger(n) && n >= 1 && n <= 10 ? n : 3;
}

function assertLoopback(baseUrl: string): URL {
  const url = new URL(baseUrl);
  const host = url.hostname.replace(/^\[|\]$/g, "");
  if (!["127.0.0.1", "localhost", "::1"].includes(host)) {
    throw new Error(`TESSERA_BASE_URL must point at this machine (127.0.0.1, localhost or ::1), got ${url.host}`);
  }
  if (url.protocol !== "http:") throw new Error(`TESSERA_BASE_URL must be http:// (got ${url.protocol})`);
  return url;
}

async function submitOnce(baseUrl: string, apiKey: string, files: BenchFile[], what: string): Promise<number> {
  const res = await postMultipart(`${baseUrl}/v1/batches`, { authorization: `Bearer ${apiKey}` }, files, { collection_id: COLLECTION });
  const body = res.body as { success?: boolean; data?: { total_items?: number; status?: string }; metadata?: { rejected_files?: unknown[] } } | undefined;
  if (res.status !== 200 || body?.data?.status !== "created") {
    throw new Error(`${what}: POST /v1/batches answered HTTP ${res.status}: ${res.text.slice(0, 1000)}`);
  }
  if (body.data.total_items !== files.length || body.metadata?.rejected_files?.length) {
    throw new Error(`${what}: the server accepted ${body.data.total_items} of ${files.length} files: ${res.text.slice(0, 1000)}`);
  }
  return res.ms;
}

let interrupted = false;

async function main(): Promise<void> {
  const svc = await services();
  const rounds = roundsFromEnv();
  const tmp = await mkdtemp(path.join(os.tmpdir(), "tessera-bench-"));
  const cleanups = new Cleanups(log);
  cleanups.add(() => rm(tmp, { recursive: true, force: true }));
  const abort = new AbortController();
  let cleaning: Promise<void> | undefined;
  const cleanup = () => (cleaning ??= cleanups.run());

  const onSignal = (signal: NodeJS.Signals) => {
    if (interrupted) return;
    interrupted = true;
    log(`${signal}: stopping everything`);
    abort.abort(new Error(`interrupted (${signal})`));
    cleanup().finally(() => process.exit(130));
  };
  process.on("SIGINT", onSignal);
  process.on("SIGTERM", onSignal);
  const watchdog = setTimeout(() => {
    log(`still running after ${DEADLINE_MS / 60_000} minutes: giving up`);
    cleanup().finally(() => process.exit(1));
  }, DEADLINE_MS);
  watchdog.unref();

  try {
    const notes: string[] = [];
    const targets: Target[] = [];

    if (process.env.TESSERA_BASE_URL && process.env.TESSERA_API_KEY) {
      const url = assertLoopback(process.env.TESSERA_BASE_URL);
      const serverPid = process.env.TESSERA_SERVER_PID ? Number(process.env.TESSERA_SERVER_PID) : undefined;
      targets.push({ storage: "as configured", baseUrl: url.origin, apiKey: process.env.TESSERA_API_KEY, serverPort: Number(url.port || 80), ...(serverPid && { serverPid }) });
      log(`benching the running server at ${url.origin} (files go to collection '${COLLECTION}' and are charged to that key's account)`);
      if (!serverPid) notes.push("no TESSERA_SERVER_PID: server RSS not measured");
      await svc.waitForHttp(`${url.origin}/health`, 10_000, { ok: (r) => r.status === 200 });
    } else {
      log(`starting a private Tessera in ${tmp}/local (uploads in its DATA_DIR; no worker: submitted items stay queued)`);
      const local = await startStack({ root: svc.ROOT, tmp: path.join(tmp, "local"), log, cleanups, signal: abort.signal });
      targets.push({ storage: "local folder", ...local });
      notes.push(...local.notes);
      const s3 = await startS3Server({ bucket: "tessera-bench" });
      cleanups.add(() => s3.stop());
      log(`object store: s3rver at ${s3.env.S3_ENDPOINT}; starting a second private Tessera in ${tmp}/s3 with STORAGE_URL=${s3.env.STORAGE_URL}`);
      const remote = await startStack({ root: svc.ROOT, tmp: path.join(tmp, "s3"), log, cleanups, signal: abort.signal, serverEnv: s3.env });
      targets.push({ storage: "object store", ...remote });
      cleanups.add(async () => {
        // Proof the second server really wrote to the bucket (queued items keep their uploads there).
        log(`object store: ${(await s3.keys("uploads/")).length} uploads in the bucket at the end`);
      });
    }

    const results: ScenarioResult[] = [];
    for (const target of targets) {
      // Which process to watch: the one holding the listening socket (next may run helpers).
      let rssPid: number | undefined;
      if (target.serverPid) {
        if (rssBytes(target.serverPid) === null) throw new Error(`cannot read /proc/${target.serverPid}/status (TESSERA_SERVER_PID)`);
        const tree = processTree(target.serverPid);
        rssPid = listenerPid(tree, target.serverPort) ?? target.serverPid;
        log(`${target.storage}: server RSS: pid ${rssPid} (${commandOf(rssPid)})${tree.length > 1 ? `; process tree of ${target.serverPid}: ${tree.join(", ")}` : ""}`);
      }
      for (const scenario of SCENARIOS) {
        if (interrupted) return;
        results.push(await runScenario({ target, scenario, rounds, tmp, rssPid }));
      }
    }

    report(results, rounds, notes);
  } finally {
    clearTimeout(watchdog);
    // Memoized: after a Ctrl-C this waits for the teardown the signal handler started.
    await cleanup();
  }
}

async function runScenario({ target, scenario, rounds, tmp, rssPid }: { target: Target; scenario: Scenario; rounds: number; tmp: string; rssPid?: number }): Promise<ScenarioResult> {
  const { baseUrl, apiKey } = target;
  const label = `${target.storage}, ${scenario.label}`;
  const bytes = scenario.count * scenario.size;
  log(`${label}: generating ${rounds + 1} x ${scenario.count} distinct .txt files of ${scenario.size} bytes (printable ASCII, base64 lines)`);
  const dir = path.join(tmp, "files", `${target.storage}-${scenario.label}`.replace(/\W+/g, "_"));
  const sets: BenchFile[][] = [];
  // Distinct per target too: the same bytes in one collection would be skipped as duplicates.
  const seed = `${target.storage.replace(/\W+/g, "")}-${scenario.count}x${scenario.size / MIB}m`;
  for (let r = 0; r <= rounds; r++) sets.push(await makeBatchFiles(path.join(dir, `r${r}`), `${seed}-r${r}`, scenario.count, scenario.size));

  const result: ScenarioResult = { storage: target.storage, scenario, bytes, serverMs: [], baselineMs: [], warmupServerMs: 0 };
  const sampler = rssPid ? new RssSampler(rssPid, target.serverPid) : undefined;

  sampler?.start();
  result.warmupServerMs = await submitOnce(baseUrl, apiKey, sets[0]!, `${label} warm-up`);
  await baselineCopy(sets[0]!, path.join(tmp, "baseline-out"));
  result.warmupRss = sampler?.stop();
  log(`${label}: warm-up ${result.warmupServerMs.toFixed(0)} ms`);

  sampler?.start();
  for (let r = 1; r <= rounds; r++) {
    if (interrupted) break;
    const serverMs = await submitOnce(baseUrl, apiKey, sets[r]!, `${label} round ${r}`);
    const base = await baselineCopy(sets[r]!, path.join(tmp, "baseline-out"));
    result.serverMs.push(serverMs);
    result.baselineMs.push(base.ms);
    log(`${label}: round ${r}: server ${serverMs.toFixed(0)} ms, baseline ${base.ms.toFixed(0)} ms`);
  }
  result.rss = sampler?.stop();
  result.hwm = rssPid ? hwmBytes(rssPid) : undefined;
  await rm(dir, { recursive: true, force: true });
  return result;
}

function report(results: ScenarioResult[], rounds: number, notes: string[]): void {
  const rows = results.map((r) => {
    const server = median(r.serverMs);
    const base = median(r.baselineMs);
    const mbps = (ms: number) => (r.bytes / MIB / (ms / 1000)).toFixed(1);
    const rss = r.rss;
    return [
      r.storage,
      r.scenario.label,
      String(r.scenario.count),
      mib(r.bytes, 0),
      server.toFixed(0),
      mbps(server),
      base.toFixed(0),
      mbps(base),
      `${(server / base).toFixed(2)}x`,
      rss ? mib(rss.before) : "n/a",
      rss ? mib(rss.peak) : "n/a",
      rss ? `+${mib(rss.peak - rss.before)}` : "n/a",
      r.hwm ? mib(r.hwm) : "n/a",
    ];
  });
  console.log("");
  console.log(`POST /v1/batches vs. baseline (read + SHA-256 + write the same files in plain Node); median of ${rounds} rounds after 1 warm-up.`);
  console.log("MB = MiB = 2^20 bytes. Server time: first byte sent to last byte of the 200 answer, over loopback.");
  console.log("RSS: VmRSS of the listening server process, sampled every 50 ms during the measured rounds; before = after the warm-up.");
  console.log("");
  console.log(
    table(
      ["uploads kept in", "scenario", "files", "MB", "server ms/batch", "server MB/s", "baseline ms", "baseline MB/s", "ratio", "RSS before MB", "RSS peak MB", "peak RSS growth MB", "VmHWM MB"],
      rows,
    ),
  );
  console.log("");
  for (const r of results) {
    const fmt = (xs: number[]) => xs.map((x) => x.toFixed(0)).join(", ");
    console.log(
      `  ${r.storage}, ${r.scenario.label}: server rounds ${fmt(r.serverMs)} ms (warm-up ${r.warmupServerMs.toFixed(0)}); baseline rounds ${fmt(r.baselineMs)} ms` +
        (r.warmupRss ? `; warm-up RSS ${mib(r.warmupRss.before)} -> peak ${mib(r.warmupRss.peak)} MB` : "") +
        (r.rss && r.rss.treePeak !== r.rss.peak ? `; process tree peak ${mib(r.rss.treePeak)} MB` : ""),
    );
  }
  console.log("");
  for (const r of results) {
    const ratio = median(r.serverMs) / median(r.baselineMs);
    console.log(`speed  ${r.storage.padEnd(13)} ${r.scenario.label.padEnd(11)} server/baseline ${ratio.toFixed(2)}x (target <= ${SPEED_TARGET}x): ${ratio <= SPEED_TARGET ? "MET" : "MISSED"}`);
  }
  for (const r of results.filter((x) => x.scenario.rssTarget)) {
    if (!r.rss) {
      console.log(`memory ${r.storage.padEnd(13)} ${r.scenario.label.padEnd(11)} not measured (no server pid)`);
      continue;
    }
    const growth = r.rss.peak - r.rss.before;
    console.log(
      `memory ${r.storage.padEnd(13)} ${r.scenario.label.padEnd(11)} peak RSS growth ${mib(growth)} MB for a ${mib(r.bytes, 0)} MB batch (target < ${mib(RSS_TARGET_BYTES, 0)} MB): ${growth < RSS_TARGET_BYTES ? "MET" : "MISSED"}`,
    );
  }
  console.log("");
  console.log("Sent: .txt files of printable ASCII (base64 lines), distinct per file and per round, in field 'file', collection_id '" + COLLECTION + "'.");
  console.log("The object-store path also sends every byte on to the store over loopback HTTP (multipart parts of 8 MiB, 2 in flight per file); the baseline writes a local file.");
  console.log("Batch 2 is 5 x 20 MiB = 104,857,600 bytes (the batch limit) instead of 4 x 25 MB: documents are limited to 20 MiB each.");
  for (const n of notes) console.log(`note: ${n}`);
}

main().then(
  () => process.exit(interrupted ? 130 : 0),
  (err: unknown) => {
    if (interrupted) process.exit(130);
    console.error(`[bench] failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`);
    process.exit(1);
  },
);
