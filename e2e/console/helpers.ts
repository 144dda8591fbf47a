import fs from "node:fs";
import path from "node:path";
import { expect, type Page } from "@playwright/test";

/** Screenshots of every page land here so a person can look at them after the run. */
export const SCREENSHOT_DIR = process.env.TESSERA_SCREENSHOT_DIR ?? path.resolve("test-results/screenshots");

export async function screenshot(page: Page, name: string): Promise<void> {
  fs.mkdirSync(SCREENSHOT_DIR, { recursive: true });
  await page.screenshot({ path: path.join(SCREENSHOT_DIR, `${name}.png`), fullPage: true });
}

/** Every page at desktop width and on a 390 px phone. */
export async function shots(page: Page, name: string): Promise<void> {
  await screenshot(page, `${name}-desktop`);
  const size = page.viewportSize();
  await page.setViewportSize({ width: 390, height: 844 });
  await screenshot(page, `${name}-phone`);
  if (size) await page.setViewportSize(size);
}

/** What the console sends with its session cookie: the CSRF guard's header. */
export const CONSOLE = { "x-tessera-console": "1" } as const;

export type UploadFile = { name: string; mimeType: string; buffer: Buffer };

/**
 * Uploads through /v1 with the session, as the upload page does, and waits for the batch to
 * complete. Returns the batch id and each file's media id by name.
 */
export async function uploadAndWait(page: Page, collection: string, files: UploadFile[], { timeout = 180_000 } = {}): Promise<{ batchId: string; mediaIds: Map<string, string> }> {
  const form = new FormData();
  for (const f of files) form.append("file", new Blob([new Uint8Array(f.buffer)], { type: f.mimeType }), f.name);
  form.append("collection_id", collection);
  const created = await page.request.post("/v1/batches", { headers: CONSOLE, multipart: form });
  expect(created.status()).toBe(200);
  const batchId = (await created.json()).data.batch_id as string;
  await expect
    .poll(async () => (await (await page.request.get(`/v1/batches/${batchId}`, { headers: CONSOLE })).json()).data.status, { timeout, intervals: [500, 1_000] })
    .toBe("completed");
  const results = await (await page.request.get(`/v1/batches/${batchId}/results`, { headers: CONSOLE })).json();
  const items = results.data.items as Array<{ filename: string; media_id: string }>;
  return { batchId, mediaIds: new Map(items.map((i) => [i.filename, i.media_id])) };
}

export function uniqueEmail(label: string): string {
  return `${label}-${Date.now()}-${Math.random().toString(36).slice(2, 8)}@example.test`;
}

export const PASSWORD = "correct horse battery staple";

/** One labelled figure of a page's <dl> (Balance, Spent this month...). */
export const stat = (page: Page, label: string) => page.locator("dl > div").filter({ has: page.getByText(label, { exact: true }) });

/** Signs up a new account through the page and lands on the overview. */
export async function signUp(page: Page, { name = "Ada Admin", email, accountName = "Acme Research" }: { name?: string; email: string; accountName?: string }) {
  await page.goto("/sign-up");
  await page.getByLabel("Your name").fill(name);
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill(PASSWORD);
  await page.getByLabel("Account name").fill(accountName);
  await page.getByRole("button", { name: "Create account" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Overview" })).toBeVisible();
}

export async function signIn(page: Page, { email, password = PASSWORD }: { email: string; password?: string }) {
  await page.goto("/sign-in");
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill(password);
  await page.getByRole("button", { name: "Sign in", exact: true }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Overview" })).toBeVisible();
}

/**
 * Drops the session as a browser that lost its cookie would. The page is left first: an open
 * console page that gets a 401 navigates to sign-in by itself, racing the test's next goto.
 */
export async function forgetSession(page: Page): Promise<void> {
  await page.goto("about:blank");
  await page.context().clearCookies();
}

/** Grants credit the way an operator does (`npm run admin -- grant-credit`), through the test's database. */
export { grantCredit } from "./operator";
