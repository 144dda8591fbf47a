// A private Tessera for the benchmark: PostgreSQL (the machine's, in a fresh database, or an
// embedded one), Chroma and `next start`, all on free ports with state in a temp dir.
// No worker: only submission is measured, queued items simply wait.

import type { ChildProcess } from "node:child_process";
import { spawn } from "node:child_process";
import fs from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { services } from "./services";

export interface Stack {
  baseUrl: string;
  apiKey: string;
  accountId: string;
  databaseUrl: string;
  chromaUrl: string;
  serverPid: number;
  serverPort: number;
  notes: string[];
}

/**
 * Undo steps, run last-registered first. A step registered after run() (a service that
 * finished starting after a Ctrl-C) is undone at once.
 */
export class Cleanups {
  private steps: (() => Promise<void>)[] = [];
  private ran = false;
  constructor(private readonly log: (message: string) => void) {}

  add(step: () => Promise<void>): void {
    if (this.ran) void this.runOne(step);
    else this.steps.push(step);
  }

  private async runOne(step: () => Promise<void>): Promise<void> {
    await step().catch((err: unknown) => this.log(`cleanup: ${err instanceof Error ? err.message : String(err)}`));
  }

  async run(): Promise<void> {
    this.ran = true;
    for (const step of this.steps.splice(0).reverse()) await this.runOne(step);
  }
}

type Log = (message: string) => void;

/**
 * What a benchmark that starts its own stack needs first: a temp dir (removed by the undo
 * steps), the undo steps, and a signal that Ctrl-C aborts. The caller runs `cleanups.run()`.
 */
export async function prepareBenchRun(name: string, log: Log): Promise<{ tmp: string; cleanups: Cleanups; signal: AbortSignal }> {
  const tmp = await mkdtemp(path.join(os.tmpdir(), `tessera-bench-${name}-`));
  const cleanups = new Cleanups(log);
  cleanups.add(() => rm(tmp, { recursive: true, force: true }));
  const abort = new AbortController();
  process.on("SIGINT", () => abort.abort(new Error("interrupted")));
  return { tmp, cleanups, signal: abort.signal };
}

const MACHINE_PG = { host: "127.0.0.1", port: 5432 };

function machinePgBase(): string {
  const user = encodeURIComponent(process.env.PGUSER || "postgres");
  const password = process.env.PGPASSWORD ? `:${encodeURIComponent(process.env.PGPASSWORD)}` : "";
  return `postgres://${user}${password}@${MACHINE_PG.host}:${MACHINE_PG.port}`;
}

/** Waits for a `next build` that another process runs in `root`, if any. */
async function waitForOtherBuild(root: string, log: Log): Promise<void> {
  const { sleep } = await services();
  const running = () =>
    fs.readdirSync("/proc").some((e) => {
      if (!/^\d+$/.test(e) || Number(e) === process.pid) return false;
      try {
        const cmd = fs.readFileSync(`/proc/${e}/cmdline`, "utf8").split("\0");
        const isBuild = cmd.some((a) => /(^|\/)next(\.js)?$/.test(a) || a.endsWith("next/dist/bin/next")) && cmd.includes("build");
        return isBuild && fs.readlinkSync(`/proc/${e}/cwd`) === root;
      } catch {
        return false;
      }
    });
  if (!running()) return;
  log("another `next build` is running in this checkout: waiting for it to finish");
  const deadline = Date.now() + 10 * 60_000;
  while (running()) {
    if (Date.now() > deadline) throw new Error("the other `next build` did not finish within 10 minutes");
    await sleep(2000);
  }
}

async function ensureBuild(root: string, log: Log, signal: AbortSignal): Promise<void> {
  const { buildNeeded, binScript } = await services();
  await waitForOtherBuild(root, log);
  // Benchmark what the sources say, never a stale build.
  const stale = buildNeeded(root);
  if (stale) {
    log(`${stale}: building the app with \`next build\` (1-2 minutes)...`);
    const started = Date.now();
    const child = spawn(process.execPath, [binScript("next", root), "build"], {
      cwd: root,
      stdio: ["ignore", "pipe", "pipe"],
      env: { ...process.env, NEXT_TELEMETRY_DISABLED: "1" },
      signal,
    });
    child.on("error", () => undefined); // an abort kills it; the exit code below reports it
    const output: string[] = [];
    child.stdout!.on("data", (c: Buffer) => output.push(c.toString()));
    child.stderr!.on("data", (c: Buffer) => output.push(c.toString()));
    const code = await new Promise<number | null>((r) => child.on("exit", r));
    if (code !== 0) throw new Error(`next build failed (exit ${code}):\n${output.join("").slice(-3000)}`);
    log(`built in ${Math.round((Date.now() - started) / 1000)} s`);
    return;
  }
}

/** Starts everything; each started piece registers its undo step in `cleanups` at once. */
export async function startStack({
  root,
  tmp,
  log,
  cleanups,
  signal,
  serverEnv = {},
}: {
  root: string;
  tmp: string;
  log: Log;
  cleanups: Cleanups;
  signal: AbortSignal;
  /** Added to `next start`'s environment (STORAGE_URL and S3_* for the object-store path). */
  serverEnv?: Record<string, string>;
}): Promise<Stack> {
  const svc = await services();
  const notes: string[] = [];
  {
    // PostgreSQL: a fresh database on the machine's server when it answers, else embedded.
    let databaseUrl: string | undefined;
    if (await svc.isPortOpen(MACHINE_PG.port, MACHINE_PG.host)) {
      const dbName = `tessera_bench_${Date.now()}`;
      const adminUrl = `${machinePgBase()}/postgres`;
      try {
        await svc.withSql(adminUrl, (sql) => sql.unsafe(`create database "${dbName}"`));
        cleanups.add(async () => {
          await svc.withSql(adminUrl, (sql) => sql.unsafe(`drop database if exists "${dbName}" with (force)`));
          log(`dropped database ${dbName}`);
        });
        databaseUrl = `${machinePgBase()}/${dbName}`;
        log(`PostgreSQL: database ${dbName} on ${MACHINE_PG.host}:${MACHINE_PG.port}`);
        signal.throwIfAborted();
      } catch (err) {
        if (signal.aborted) throw err;
        log(`PostgreSQL on ${MACHINE_PG.host}:${MACHINE_PG.port} is not usable (${err instanceof Error ? err.message : String(err)}): using an embedded one`);
      }
    }
    if (!databaseUrl) {
      const port = await svc.findFreePort();
      log(`PostgreSQL: embedded, port ${port}`);
      const pg = await svc.startEmbeddedPostgres({ dataDir: path.join(tmp, "pg"), port, database: "tessera_bench" });
      cleanups.add(() => pg.stop());
      databaseUrl = pg.url;
      signal.throwIfAborted();
    }

    const chromaPort = await svc.findFreePort();
    log(`Chroma: port ${chromaPort}`);
    const chroma = await svc.startChroma({ dataDir: path.join(tmp, "chroma"), port: chromaPort });
    cleanups.add(() => chroma.stop());
    signal.throwIfAborted();

    log("applying migrations");
    const { migrateDatabase } = await import("@/db/migrate");
    await migrateDatabase(databaseUrl);
    signal.throwIfAborted();

    await ensureBuild(root, log, signal);
    signal.throwIfAborted();

    const port = await svc.findFreePort();
    const dataDir = path.join(tmp, "data");
    fs.mkdirSync(dataDir, { recursive: true });
    const serverLog = path.join(tmp, "next.log");
    const fd = fs.openSync(serverLog, "a");
    log(`next start: port ${port}, DATA_DIR ${dataDir}`);
    let server: ChildProcess;
    try {
      server = svc.spawnManaged(process.execPath, [svc.binScript("next", root), "start", "-p", String(port), "-H", "127.0.0.1"], {
        cwd: root,
        stdio: ["ignore", fd, fd],
        env: {
          ...process.env,
          NODE_ENV: "production",
          NEXT_TELEMETRY_DISABLED: "1",
          DATABASE_URL: databaseUrl,
          CHROMA_URL: chroma.url,
          DATA_DIR: dataDir,
          PORT: String(port),
          ...serverEnv,
        },
      });
    } finally {
      fs.closeSync(fd);
    }
    cleanups.add(() => svc.stopChild(server, { signal: "SIGTERM", timeoutMs: 10_000, name: "next start", log }));
    const baseUrl = `http://127.0.0.1:${port}`;
    try {
      await svc.waitForHttp(`${baseUrl}/health`, 90_000, { ok: (r) => r.status === 200, child: server });
    } catch (err) {
      const tail = fs.readFileSync(serverLog, "utf8").split("\n").slice(-30).join("\n");
      throw new Error(`${err instanceof Error ? err.message : String(err)}\n--- ${serverLog} ---\n${tail}`);
    }

    // An account with plenty of credit ($10,000) and a key with every capability.
    const postgres = (await import("postgres")).default;
    const { drizzle } = await import("drizzle-orm/postgres-js");
    const schema = await import("@/db/schema");
    const { createAccount } = await import("@/lib/accounts/create-account");
    const sql = postgres(databaseUrl, { max: 1, onnotice: () => {} });
    let apiKey: string;
    let accountId: string;
    try {
      const db = drizzle(sql, { schema });
      const { account, key } = await createAccount(db, { name: `bench-${Date.now()}`, creditMicros: 10_000 * 1_000_000 });
      apiKey = key.secret;
      accountId = account.id;
    } finally {
      await sql.end({ timeout: 5 });
    }

    return { baseUrl, apiKey, accountId, databaseUrl, chromaUrl: chroma.url, serverPid: server.pid!, serverPort: port, notes };
  }
}
