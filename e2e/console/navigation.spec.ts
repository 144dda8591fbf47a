import { readFileSync } from "node:fs";
import path from "node:path";
import { NAV_ITEMS } from "../../components/console/nav-items";
import { expect, test, type Page } from "./fixtures";
import { CONSOLE, grantCredit, signUp, uniqueEmail, uploadAndWait } from "./helpers";

// The console as people move through it: clicks in the sidebar from every page to every other
// (the cache then holds what the first page read, which a `goto` never shows), Back and
// Forward, and the links inside pages. The account has data in it, so every page has
// something to draw: two finished batches, items of several types in two collections, a search.

const DOCS = "nav/docs";
const PICTURES = "nav/pictures";
const WORD = "wombatferry";
const fixture = (p: string) => readFileSync(path.resolve("test/fixtures", p));
/** What a page shows while it, or one of its parts, is still loading. */
const LOADING = '[role="status"][aria-label^="Loading"], [aria-busy="true"]';
/** Next's own "This page couldn't load" and the console's error page. */
const BOUNDARY = "[data-error-boundary], #__next_error__";

const storageState = path.resolve("test-results", `navigation-${process.pid}.json`);
let batchId = "";

test.use({ storageState });

test.beforeAll(async ({ browser }) => {
  test.setTimeout(300_000);
  const context = await browser.newContext({ storageState: undefined });
  const page = await context.newPage();
  const email = uniqueEmail("navigation");
  await signUp(page, { email, accountName: "Navigation Labs" });
  grantCredit({ email, dollars: 5 });
  const docs = await uploadAndWait(page, DOCS, [
    { name: "ferry-notes.txt", mimeType: "text/plain", buffer: Buffer.from(`The ${WORD} crossed the estuary at dawn with forty passengers aboard.`) },
    { name: "report.pdf", mimeType: "application/pdf", buffer: fixture("documents/sample.pdf") },
    { name: "page.html", mimeType: "text/html", buffer: fixture("web/sample.html") },
    { name: "chart.png", mimeType: "image/png", buffer: fixture("images/sample.png") },
  ]);
  batchId = docs.batchId;
  await uploadAndWait(page, PICTURES, [{ name: "photo.jpg", mimeType: "image/jpeg", buffer: fixture("images/sample.jpg") }]);
  const search = await page.request.post("/v1/search", { headers: CONSOLE, data: { query: WORD, collections: "all" } });
  expect(search.status()).toBe(200);
  await context.storageState({ path: storageState });
  await context.close();
});

/** The sidebar's link to a page (the desktop sidebar: the tests run at desktop width). */
const sidebarLink = (page: Page, label: string) => page.getByRole("navigation", { name: "Console" }).getByRole("link", { name: label, exact: true });

/**
 * Waits until the page shows `heading` or an error boundary, then until nothing is loading;
 * returns what went wrong ("" when nothing did): a boundary, a failed part ("Could not
 * load this"), a wrong heading.
 */
async function arrival(page: Page, heading: string | RegExp): Promise<string> {
  const expected = page.getByRole("heading", { level: 1, name: heading });
  const boundary = page.locator(BOUNDARY);
  await expect(expected.or(boundary).first()).toBeVisible();
  if (await boundary.count()) return `error page: ${(await boundary.first().innerText()).replace(/\s+/g, " ").slice(0, 200)}`;
  await expect(page.locator(LOADING)).toHaveCount(0);
  if (await boundary.count()) return `error page: ${(await boundary.first().innerText()).replace(/\s+/g, " ").slice(0, 200)}`;
  const failed = page.getByRole("alert").filter({ hasText: "Could not load this" });
  if (await failed.count()) return `a part failed: ${await failed.first().innerText()}`;
  return "";
}

test("every sidebar link from every sidebar page: 72 clicks, each page renders", async ({ page, pageErrors }) => {
  test.setTimeout(600_000);
  const broken: string[] = [];
  for (const from of NAV_ITEMS) {
    for (const to of NAV_ITEMS) {
      if (to === from) continue;
      // A full load of the first page, and every one of its requests answered (some parts
      // show no placeholder), so the cache holds exactly what that page reads.
      await page.goto(from.href);
      expect(await arrival(page, from.label), `${from.href} itself`).toBe("");
      await page.waitForLoadState("networkidle");
      const seen = pageErrors.problems.length;
      await sidebarLink(page, to.label).click();
      await expect(page).toHaveURL((url) => url.pathname === to.href);
      const wrong = await arrival(page, to.label);
      const errors = pageErrors.problems.slice(seen);
      if (wrong || errors.length) broken.push(`${from.href} -> ${to.href}: ${[wrong, ...errors].filter(Boolean).join("; ")}`);
    }
  }
  expect(broken, `${broken.length} of 72 clicks broken`).toEqual([]);
});

test("Back and Forward through every sidebar page", async ({ page }) => {
  test.setTimeout(300_000);
  await page.goto("/");
  expect(await arrival(page, "Overview")).toBe("");
  for (const item of NAV_ITEMS.slice(1)) {
    await sidebarLink(page, item.label).click();
    expect(await arrival(page, item.label), `click to ${item.href}`).toBe("");
  }
  for (const item of [...NAV_ITEMS].reverse().slice(1)) {
    await page.goBack();
    await expect(page).toHaveURL((url) => url.pathname === item.href);
    expect(await arrival(page, item.label), `back to ${item.href}`).toBe("");
  }
  for (const item of NAV_ITEMS.slice(1)) {
    await page.goForward();
    await expect(page).toHaveURL((url) => url.pathname === item.href);
    expect(await arrival(page, item.label), `forward to ${item.href}`).toBe("");
  }
});

test("links inside pages: batch list, batch, media, collection; search result; overview cards", async ({ page }) => {
  test.setTimeout(300_000);
  // Batch list -> batch -> media -> collection, then Back along the same way.
  await page.goto("/batches");
  expect(await arrival(page, "Batches")).toBe("");
  await page.getByRole("link", { name: batchId }).click();
  expect(await arrival(page, "Batch")).toBe("");
  await expect(page.getByRole("table", { name: "Files in this batch" }).getByTestId("item-row")).toHaveCount(4);
  await page.getByRole("link", { name: "report.pdf" }).click();
  expect(await arrival(page, "report.pdf")).toBe("");
  await page.getByRole("link", { name: `← ${DOCS}` }).click();
  expect(await arrival(page, DOCS)).toBe("");
  await expect(page.getByText("Showing 4 of 4")).toBeVisible();
  await page.getByRole("link", { name: "chart.png" }).click();
  expect(await arrival(page, "chart.png")).toBe("");
  await page.getByRole("link", { name: batchId }).click();
  expect(await arrival(page, "Batch")).toBe("");
  await page.getByRole("main").getByRole("link", { name: DOCS, exact: true }).click();
  expect(await arrival(page, DOCS)).toBe("");
  await page.getByRole("link", { name: "← Collections" }).click();
  expect(await arrival(page, "Collections")).toBe("");
  await page.getByRole("link", { name: PICTURES }).click();
  expect(await arrival(page, PICTURES)).toBe("");
  await page.goBack();
  expect(await arrival(page, "Collections")).toBe("");

  // A search result opens its media page.
  await sidebarLink(page, "Search").click();
  expect(await arrival(page, "Search")).toBe("");
  await page.getByLabel("Query").fill(WORD);
  await page.getByRole("button", { name: "Search", exact: true }).click();
  await page.getByRole("region", { name: "Results" }).getByRole("link", { name: "ferry-notes.txt" }).first().click();
  expect(await arrival(page, "ferry-notes.txt")).toBe("");
  await page.goBack();
  expect(await arrival(page, "Search")).toBe("");
  await expect(page.getByRole("region", { name: "Results" }).getByRole("link", { name: "ferry-notes.txt" }).first()).toBeVisible();

  // The overview's cards lead to their pages.
  await sidebarLink(page, "Overview").click();
  expect(await arrival(page, "Overview")).toBe("");
  await page.getByRole("link", { name: "Add funds" }).click();
  expect(await arrival(page, "Billing")).toBe("");
  await page.goBack();
  expect(await arrival(page, "Overview")).toBe("");
  await page.getByRole("link", { name: "All batches" }).click();
  expect(await arrival(page, "Batches")).toBe("");
  await page.goBack();
  expect(await arrival(page, "Overview")).toBe("");
  await page.getByRole("table", { name: "The five most recent batches" }).getByRole("link").last().click();
  await expect(page).toHaveURL(new RegExp(`/batches/${batchId}$`));
  expect(await arrival(page, "Batch")).toBe("");
});

test("hovering or focusing a sidebar link fetches that page's data before the click", async ({ page }) => {
  await page.goto("/status");
  expect(await arrival(page, "Status")).toBe("");
  const ledger = page.waitForRequest((r) => new URL(r.url()).pathname === "/v1/transactions");
  await sidebarLink(page, "Billing").hover();
  await ledger;
  const keys = page.waitForRequest((r) => new URL(r.url()).pathname === "/api/console/keys");
  await sidebarLink(page, "API keys").focus();
  await keys;
  await sidebarLink(page, "API keys").click();
  await expect(page.getByRole("heading", { level: 1, name: "API keys" })).toBeVisible();
  expect(await arrival(page, "API keys")).toBe("");
});
