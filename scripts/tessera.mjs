#!/usr/bin/env node
// `npm start` / `npm run dev`: bring up everything Tessera needs on one machine.
//
//   1. npm dependencies (npm ci) when node_modules is missing or older than the lockfile
//   2. PostgreSQL (embedded, DATA_DIR/pg) unless DATABASE_URL is set
//      Chroma (`chroma run`, DATA_DIR/chroma) unless CHROMA_URL is set
//   3. migrations, `next build` when stale (start only), then the web server and a worker,
//      and the capability table (scripts/capabilities.ts: what is missing, the command that adds it)
//
// Ctrl-C / SIGTERM stops the web server and worker (SIGTERM, SIGKILL after 10 s), then
// Chroma and PostgreSQL, and exits 0. Once up, nothing here ends the service on its own: a
// web server, worker, Chroma or PostgreSQL that dies is logged and started again with backoff
// (1, 2, 4 ... 30 s; scripts/lib/supervisor.mjs keepAlive) while the others keep running, and
// DATA_DIR/supervisor-state.json records each one's state for GET /health and GET /v1/status.
// Only a first start that fails (a bad configuration) stops everything, with exit code 1.
//
// Environment: PORT (3000), DATA_DIR (./.data), DATABASE_URL, CHROMA_URL, AUTH_SECRET
// (else one is generated into DATA_DIR/auth-secret),
// TESSERA_PG_PORT (54329), TESSERA_CHROMA_PORT (8765).

import { spawn } from "node:child_process";
import { createHash, randomBytes } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
process.chdir(ROOT);

const mode = process.argv[2] ?? "start";
if (mode !== "start" && mode !== "dev") {
  console.error("usage: node scripts/tessera.mjs start|dev");
  process.exit(2);
}

const say = (msg) => process.stdout.write(`[tessera] ${msg}\n`);
const warn = (msg) => process.stderr.write(`[tessera] ${msg}\n`);

// ---------------------------------------------------------------------------
// 1. npm dependencies (no npm package may be imported before this)

const MARKER = path.join(ROOT, "node_modules", ".tessera-installed");
const lockHash = () => createHash("sha256").update(fs.readFileSync(path.join(ROOT, "package-lock.json"))).digest("hex");

function depsStale() {
  const nm = path.join(ROOT, "node_modules");
  if (!fs.existsSync(nm)) return "node_modules is missing";
  const lock = path.join(ROOT, "package-lock.json");
  if (!fs.existsSync(lock)) return null;
  const mtime = (f) => {
    try {
      return fs.statSync(f).mtimeMs;
    } catch {
      return 0;
    }
  };
  if (fs.statSync(lock).mtimeMs <= Math.max(mtime(path.join(nm, ".package-lock.json")), mtime(MARKER))) return null;
  // Newer by date; a checkout or clone that only touched the file does not count.
  try {
    if (fs.readFileSync(MARKER, "utf8").trim() === lockHash()) return null;
  } catch {
    /* no marker: trust the dates */
  }
  return "package-lock.json is newer than node_modules";
}

function runNpm(args) {
  // Use the npm that runs us when started through `npm start`, else the one on PATH.
  const npmCli = process.env.npm_execpath;
  const [cmd, argv] = npmCli && /\.[cm]?js$/.test(npmCli) ? [process.execPath, [npmCli, ...args]] : ["npm", args];
  return new Promise((resolve) => {
    const child = spawn(cmd, argv, { stdio: "inherit", env: { ...process.env, ONNXRUNTIME_NODE_INSTALL: "skip" } });
    child.on("error", (err) => {
      warn(`could not run npm: ${err.message}`);
      resolve(1);
    });
    child.on("exit", (code, signal) => resolve(signal ? 1 : code));
  });
}

const staleReason = depsStale();
if (staleReason) {
  const args = fs.existsSync(path.join(ROOT, "package-lock.json")) ? ["ci", "--no-audit", "--no-fund"] : ["install", "--no-audit", "--no-fund"];
  say(`${staleReason}: running npm ${args[0]}`);
  const code = await runNpm(args);
  if (code !== 0) {
    warn(`npm ${args[0]} failed (exit code ${code})`);
    process.exit(1);
  }
  if (fs.existsSync(path.join(ROOT, "package-lock.json"))) fs.writeFileSync(MARKER, `${lockHash()}\n`);
}

const svc = await import("./services.mjs");
const { ComponentStates, keepAlive, Supervisor, SUPERVISOR_STATE_FILE } = await import("./lib/supervisor.mjs");
const supervisor = new Supervisor({ cwd: ROOT, log: warn });
/** @type {Map<string, Awaited<ReturnType<typeof keepAlive>>>} */
const keepers = new Map();
let states;

// ---------------------------------------------------------------------------
// Shutdown

let stopping = false;
let firstSignalAt = 0;
let pg;
let chroma;

async function shutdown(code, reason) {
  if (stopping) return;
  stopping = true;
  if (reason) (code === 0 ? say : warn)(reason);
  // The app processes first (their keepers stop restarting them), then the services they use.
  await Promise.all(["web", "worker"].map((name) => keepers.get(name)?.stop()));
  await supervisor.stopAll({ signal: "SIGTERM", timeoutMs: 10_000 });
  for (const [name, label] of [["chroma", "Chroma"], ["postgres", "PostgreSQL"]]) {
    await keepers.get(name)?.stop().catch((err) => warn(`stopping ${label}: ${err.message}`));
  }
  states?.remove();
  say(code === 0 ? "stopped" : `stopped (exit code ${code})`);
  process.exit(code);
}

function onSignal(signal) {
  if (!stopping) {
    firstSignalAt = Date.now();
    process.stdout.write("\n");
    void shutdown(0, `${signal} received: stopping`);
    return;
  }
  // npm forwards the terminal's Ctrl-C too: ignore repeats in the first two seconds,
  // then a further Ctrl-C means "now".
  if (Date.now() - firstSignalAt < 2000) return;
  warn("forced stop");
  supervisor.killAll();
  process.exit(1); // the exit hook in services.mjs signals Chroma and PostgreSQL
}
for (const s of ["SIGINT", "SIGTERM", "SIGHUP"]) process.on(s, onSignal);

process.on("uncaughtException", (err) => void shutdown(1, `internal error: ${err.stack ?? err}`));
process.on("unhandledRejection", (err) => void shutdown(1, `internal error: ${err?.stack ?? err}`));

// ---------------------------------------------------------------------------
// Helpers

const tsx = svc.binScript("tsx");
const next = svc.binScript("next");

/** Run a one-shot step; resolves with its exit code. */
const step = (name, script, args, env) => supervisor.run(name, script, args, { env });

function fail(message) {
  void shutdown(1, message);
  return new Promise(() => {}); // shutdown() exits
}

// ---------------------------------------------------------------------------
// 2. Services

// Everything on disk lives under DATA_DIR: pg/, chroma/, uploads/, previews/, auth-secret.
const dataDir = path.resolve(process.env.DATA_DIR || ".data");
fs.mkdirSync(dataDir, { recursive: true });
states = new ComponentStates(path.join(dataDir, SUPERVISOR_STATE_FILE));

/** Starts a component under a keeper (restarted with backoff when it dies); resolves with its first instance. */
async function keep(name, launch) {
  const keeper = await keepAlive({ name, launch, states, log: warn });
  keepers.set(name, keeper);
  return keeper.current;
}

/** An app process (web, worker) as the keeper sees it. */
const appProcess = (name, script, args, env) => () => {
  const child = supervisor.start(name, script, args, { env });
  return { child, stop: () => supervisor.stop(child, { signal: "SIGTERM", timeoutMs: 10_000 }) };
};

try {
  if (!process.env.DATABASE_URL) {
    const port = Number(process.env.TESSERA_PG_PORT || 54329);
    pg = await keep("postgres", () => svc.startEmbeddedPostgres({ dataDir: path.join(dataDir, "pg"), port, log: (m) => say(`postgres: ${m}`) }));
    say(`PostgreSQL (embedded) on 127.0.0.1:${port}, data in ${path.relative(ROOT, pg.dataDir)}; log ${path.relative(ROOT, pg.logFile)}`);
  }
  if (stopping) await new Promise(() => {});
  if (!process.env.CHROMA_URL) {
    const port = Number(process.env.TESSERA_CHROMA_PORT || 8765);
    chroma = await keep("chroma", () => svc.startChroma({ dataDir: path.join(dataDir, "chroma"), port, log: (m) => say(`chroma: ${m}`) }));
    say(`Chroma on ${chroma.url}, data in ${path.relative(ROOT, chroma.dataDir)}; log ${path.relative(ROOT, chroma.logFile)}`);
  }
} catch (err) {
  await fail(`could not start the local services: ${err.message}`);
}
if (stopping) await new Promise(() => {});

/** The console's session cookies are signed with AUTH_SECRET: made once, kept with the data. */
function authSecret() {
  if (process.env.AUTH_SECRET) return process.env.AUTH_SECRET;
  const file = path.join(dataDir, "auth-secret");
  if (!fs.existsSync(file)) fs.writeFileSync(file, randomBytes(32).toString("base64url"), { mode: 0o600 });
  return fs.readFileSync(file, "utf8").trim();
}

const webPort = Number(process.env.PORT || 3000);
const env = {
  AUTH_SECRET: authSecret(),
  ...process.env,
  DATABASE_URL: process.env.DATABASE_URL || pg.url,
  CHROMA_URL: process.env.CHROMA_URL || chroma.url,
  DATA_DIR: dataDir,
  PORT: String(webPort),
  NEXT_TELEMETRY_DISABLED: process.env.NEXT_TELEMETRY_DISABLED ?? "1",
};
// Next sets NODE_ENV itself (production for build/start, development for dev).
// The preload answers what Node or Next would answer before a route runs (431, `//` paths) in the envelope.
const nextEnv = { ...env, NODE_OPTIONS: [env.NODE_OPTIONS, `--import ${JSON.stringify(path.join(ROOT, "scripts", "lib", "http-envelope.mjs"))}`].filter(Boolean).join(" ") };
if (nextEnv.NODE_ENV !== "production" || mode === "dev") delete nextEnv.NODE_ENV;
const workerEnv = { ...env, NODE_ENV: env.NODE_ENV || (mode === "dev" ? "development" : "production") };

// ---------------------------------------------------------------------------
// 3. Migrations, build, web + worker

if (fs.existsSync(path.join(ROOT, "db", "migrate.ts"))) {
  const code = await step("migrate", tsx, ["db/migrate.ts"], env);
  if (stopping) await new Promise(() => {});
  if (code !== 0) await fail(`database migrations failed (exit code ${code})`);
} else {
  warn("db/migrate.ts not found: skipping migrations");
}

if (mode === "start") {
  const why = svc.buildNeeded(ROOT);
  if (why) {
    say(`building the web app (${why})`);
    const code = await step("build", next, ["build"], nextEnv);
    if (stopping) await new Promise(() => {});
    if (code !== 0) await fail(`next build failed (exit code ${code})`);
  }
}

// The capability table (the same probes as GET /v1/status), shown once the app is up.
const capabilityTable = (async () => {
  const child = supervisor.start("capabilities", tsx, ["scripts/capabilities.ts"], { env: workerEnv, output: "pipe" });
  let out = "";
  child.stdout.on("data", (d) => (out += d));
  child.stderr.resume();
  const code = await svc.exited(child);
  return code === 0 ? out : "  (the capability probes failed; see GET /v1/status)\n";
})();

await keep("web", appProcess("web", next, mode === "dev" ? ["dev", "-p", String(webPort)] : ["start", "-p", String(webPort)], nextEnv));

if (fs.existsSync(path.join(ROOT, "scripts", "worker.ts"))) {
  await keep("worker", appProcess("worker", tsx, ["scripts/worker.ts"], workerEnv));
} else {
  warn("scripts/worker.ts not found: running without a job worker");
}

try {
  // Any answer will do (a 503 while a service restarts too); a web server that dies meanwhile is restarted.
  await svc.waitForHttp(`http://127.0.0.1:${webPort}/health`, 10 * 60_000, { intervalMs: 500 });
} catch {
  warn(`the web server did not answer on port ${webPort} within 10 minutes; still trying (see the [web] lines above)`);
}
if (!stopping) {
  const url = `http://localhost:${webPort}`;
  const local = [pg && `PostgreSQL :${pg.port}`, chroma && `Chroma :${chroma.port}`].filter(Boolean);
  const dataLine = `${path.relative(ROOT, dataDir) || "."}${local.length ? `  (${local.join(", ")})` : ""}`;
  const lines = [
    "",
    `  Tessera is running (${mode === "dev" ? "development" : "production"} mode)`,
    "",
    `    API:              ${url}`,
    `    Data:             ${dataLine}`,
    "",
    "    First time? Create an account in another terminal:",
    '      npm run admin -- create-account --name "Acme" --credit 25',
    "",
    "    Stop with Ctrl-C.",
    "",
  ];
  process.stdout.write(`${(await capabilityTable).trimEnd()}\n${lines.join("\n")}\n`);
}
