import fs from "node:fs";
import path from "node:path";
import { expect, type Page } from "@playwright/test";

/** Screenshots of every page land here so a person can look at them after the run. */
export const SCREENSHOT_DIR = process.env.TESSERA_SCREENSHOT_DIR ?? path.resolve("test-results/screenshots");

export async function screenshot(page: Page, name: string): Promise<void> {
  fs.mkdirSync(SCREENSHOT_DIR, { recursive: true });
  await page.screenshot({ path: path.join(SCREENSHOT_DIR, `${name}.png`), fullPage: true });
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
