// npm run bench:console
//
// How fast the console's pages are in a real browser (Debian's Chromium through Playwright),
// side by side in the same run with a floor: /docs/api, a page of the same Next server that is
// prerendered at build time and fetches nothing. For each page, medians of ROUNDS visits:
// time to first byte, DOMContentLoaded, "ready" (heading shown, every loading placeholder
// gone, fonts and scripts loaded) on a cold cache and on a warm one, the JavaScript it
// downloads, and the time a click in the sidebar takes to show it (client navigation).
// Starts a private stack (no worker: the seeded batch stays queued) in a temp dir and removes
// it afterwards. A benchmark, not a test: it prints figures and never fails on them.

import { execFileSync } from "node:child_process";
import path from "node:path";
import { randomBytes } from "node:crypto";
import { chromium, type Browser, type BrowserContext, type Page } from "@playwright/test";
import { NAV_ITEMS } from "@/components/console/nav-items";
import { median, table } from "./lib/report";
import { services } from "./lib/services";
import { prepareBenchRun, startStack } from "./lib/stack";

const log = (message: string) => console.log(`[bench] ${message}`);
const ROUNDS = Number(process.env.TESSERA_BENCH_ROUNDS ?? 5);
const CONSOLE = { "x-tessera-console": "1" };
const BASELINE = "/docs/api";
/** How long the pointer rests on a sidebar link before the click, in the "nav after hover" column. */
const HOVER_MS = 250;
/**
 * Every sidebar page with the link that leads to it (client navigation starts on the overview,
 * so the overview has none), and a batch's page, reached from the list rather than the sidebar.
 */
const PAGES: Array<{ path: string; link: string | null }> = [
  ...NAV_ITEMS.map((item) => ({ path: item.href, link: item.href === "/" ? null : item.label })),
  { path: "/batches/{batch}", link: null },
];

interface Visit {
  ttfb: number;
  dcl: number;
  ready: number;
  jsKb: number;
}

/** Until the page shows its content: an h1, no loading placeholder or spinner, the load event. */
async function waitUntilReady(page: Page): Promise<number> {
  return page.waitForFunction(
    () => document.readyState === "complete" && document.querySelector("h1") !== null && document.querySelector('[role="status"][aria-label^="Loading"], [aria-busy="true"]') === null && performance.now(),
    undefined,
    { timeout: 30_000, polling: 10 },
  ).then((handle) => handle.jsonValue() as Promise<number>);
}

async function visit(page: Page, url: string): Promise<Visit> {
  await page.goto(url, { waitUntil: "commit" });
  const ready = await waitUntilReady(page);
  return page.evaluate((readyAt) => {
    const nav = performance.getEntriesByType("navigation")[0] as PerformanceNavigationTiming;
    const scripts = (performance.getEntriesByType("resource") as PerformanceResourceTiming[]).filter((r) => r.initiatorType === "script");
    return { ttfb: nav.responseStart, dcl: nav.domContentLoadedEventEnd, ready: readyAt, jsKb: scripts.reduce((n, r) => n + r.encodedBodySize, 0) / 1024 };
  }, ready);
}

/** Cold: a new context each round (empty cache, same session). Warm: the same page again in that context. */
async function measurePage(browser: Browser, baseUrl: string, storageState: Awaited<ReturnType<BrowserContext["storageState"]>>, url: string) {
  const cold: Visit[] = [];
  const warm: Visit[] = [];
  for (let round = 0; round < ROUNDS; round++) {
    const context = await browser.newContext({ baseURL: baseUrl, storageState });
    const page = await context.newPage();
    cold.push(await visit(page, url));
    warm.push(await visit(page, url));
    await context.close();
  }
  return { cold, warm };
}

/** Next's "This page couldn't load" and the console's error page. */
const ERROR_PAGE = "#__next_error__, [data-error-boundary]";

/**
 * From the overview, a click in the sidebar until the page is ready (no full page load); the
 * page's heading is the link's label. A click that lands on an error page counts as NaN, so
 * the table says "crashed" instead of timing an error page.
 */
async function measureClientNavigation(browser: Browser, baseUrl: string, storageState: Awaited<ReturnType<BrowserContext["storageState"]>>, link: string, { hoverMs = 0 } = {}): Promise<number[]> {
  const times: number[] = [];
  for (let round = 0; round < ROUNDS; round++) {
    const context = await browser.newContext({ baseURL: baseUrl, storageState });
    const page = await context.newPage();
    await page.goto("/");
    await waitUntilReady(page);
    const target = page.getByRole("navigation", { name: "Console" }).getByRole("link", { name: link, exact: true });
    // A person's pointer rests on a link for a moment before the click: the console uses it.
    if (hoverMs) {
      await target.hover();
      await page.waitForTimeout(hoverMs);
    }
    const started = await page.evaluate(() => performance.now());
    await target.click();
    await page.waitForFunction(({ heading, error }) => document.querySelector("h1")?.textContent === heading || document.querySelector(error) !== null, { heading: link, error: ERROR_PAGE }, { polling: 10 });
    const crashed = await page.locator(ERROR_PAGE).count();
    times.push(crashed ? Number.NaN : (await waitUntilReady(page)) - started);
    await context.close();
  }
  return times;
}

async function main() {
  const svc = await services();
  const { tmp, cleanups, signal } = await prepareBenchRun("console", log);
  process.env.AUTH_SECRET ??= randomBytes(32).toString("base64url");
  try {
    const stack = await startStack({ root: svc.ROOT, tmp, log, cleanups, signal });
    const browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium" });
    cleanups.add(() => browser.close());

    // One account with data: signed up through the page, credited by the operator command, one batch of 10 files.
    log("signing up and seeding one batch");
    const email = `bench-${Date.now()}@example.test`;
    const setup = await browser.newContext({ baseURL: stack.baseUrl });
    const page = await setup.newPage();
    await page.goto("/sign-up");
    await page.getByLabel("Your name").fill("Bench Admin");
    await page.getByLabel("Email").fill(email);
    await page.getByLabel("Password").fill("correct horse battery staple");
    await page.getByLabel("Account name").fill("Bench");
    await page.getByRole("button", { name: "Create account" }).click();
    await page.getByRole("heading", { level: 1, name: "Overview" }).waitFor();
    execFileSync(path.join(svc.ROOT, "node_modules/.bin/tsx"), ["scripts/admin.ts", "grant-credit", "--email", email, "--amount", "10"], {
      cwd: svc.ROOT,
      env: { ...process.env, DATABASE_URL: stack.databaseUrl },
      stdio: "ignore",
    });
    const form = new FormData();
    for (let i = 0; i < 10; i++) form.append("file", new Blob([`Bench note ${i}: ${randomBytes(16).toString("hex")}`], { type: "text/plain" }), `note-${i}.txt`);
    form.append("collection_id", "bench/notes");
    const created = await page.request.post("/v1/batches", { headers: CONSOLE, multipart: form });
    if (created.status() !== 200) throw new Error(`seeding the batch failed: ${created.status()} ${await created.text()}`);
    const batchId = (await created.json()).data.batch_id as string;
    const storageState = await setup.storageState();
    await setup.close();

    log(`warming the server (each page once), then ${ROUNDS} rounds per page`);
    const urls = [BASELINE, ...PAGES.map((p) => p.path.replace("{batch}", batchId))];
    {
      const context = await browser.newContext({ baseURL: stack.baseUrl, storageState });
      const warmup = await context.newPage();
      for (const url of urls) await visit(warmup, url);
      await context.close();
    }

    const rows: string[][] = [];
    const baseline = await measurePage(browser, stack.baseUrl, storageState, BASELINE);
    const baseReady = median(baseline.cold.map((v) => v.ready));
    const navCell = (nav: number[] | null) => (nav ? (nav.some(Number.isNaN) ? `crashed ${nav.filter(Number.isNaN).length}/${nav.length}` : median(nav).toFixed(0)) : "-");
    const row = (label: string, m: { cold: Visit[]; warm: Visit[] }, nav: number[] | null, hovered: number[] | null) => {
      const ready = median(m.cold.map((v) => v.ready));
      rows.push([
        label,
        median(m.cold.map((v) => v.ttfb)).toFixed(0),
        median(m.cold.map((v) => v.dcl)).toFixed(0),
        ready.toFixed(0),
        median(m.warm.map((v) => v.ready)).toFixed(0),
        navCell(nav),
        navCell(hovered),
        median(m.cold.map((v) => v.jsKb)).toFixed(0),
        `${(ready / baseReady).toFixed(2)}x`,
      ]);
    };
    row(`${BASELINE} (floor)`, baseline, null, null);
    for (const p of PAGES) {
      const url = p.path.replace("{batch}", batchId);
      log(`measuring ${url}`);
      const measured = await measurePage(browser, stack.baseUrl, storageState, url);
      const nav = p.link ? await measureClientNavigation(browser, stack.baseUrl, storageState, p.link) : null;
      const hovered = p.link ? await measureClientNavigation(browser, stack.baseUrl, storageState, p.link, { hoverMs: HOVER_MS }) : null;
      row(p.path, measured, nav, hovered);
    }

    console.log("");
    console.log(`Console pages in Chromium against next start on this machine; medians of ${ROUNDS} visits, milliseconds from navigation start.`);
    console.log(`ready = heading shown, no loading placeholder, load event. cold = new browser context (empty cache); warm = the same page again.`);
    console.log(`client nav = from the overview, a click in the sidebar until the page is ready ("crashed" = it showed an error page). JS KB = compressed script bytes downloaded cold.`);
    console.log("");
    console.log(`nav after hover = the same, the pointer resting on the link ${HOVER_MS} ms first (timed from the click).`);
    console.log("");
    console.log(table(["page", "TTFB", "DOMContentLoaded", "ready cold", "ready warm", "client nav", "nav after hover", "JS KB", "ready vs floor"], rows));
  } finally {
    await cleanups.run();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
