import { expect, test, type Page } from "./fixtures";
import { CONSOLE, PASSWORD, screenshot, stat, uniqueEmail } from "./helpers";

// The whole path in one browser session, as a person does it: the first page is typed
// in, everything after is a click (the sidebar, buttons, links), so the client cache carries
// over from page to page as it does for people. Then a second account that must see none of it.

const WORD = "quokkalantern";
const TEXT = `Field notes: the ${WORD} survey counted forty nesting pairs along the northern ridge.`;

const sidebar = (page: Page, label: string) => page.getByRole("navigation", { name: "Console" }).getByRole("link", { name: label, exact: true });

async function go(page: Page, label: string, heading = label) {
  await sidebar(page, label).click();
  await expect(page.getByRole("heading", { level: 1, name: heading })).toBeVisible();
}

/** From the landing page: signed out, `/` leads to sign-in, which links to sign-up. */
async function signUpByClicks(page: Page, { email, accountName }: { email: string; accountName: string }) {
  await page.goto("/");
  await expect(page.getByRole("heading", { level: 1, name: "Sign in" })).toBeVisible();
  await page.getByRole("link", { name: "Create an account" }).click();
  await page.getByLabel("Your name").fill("Jo Journey");
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill(PASSWORD);
  await page.getByLabel("Account name").fill(accountName);
  await page.getByRole("button", { name: "Create account" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Overview" })).toBeVisible();
}

async function topUp(page: Page, dollars: number) {
  await go(page, "Billing");
  await page.getByLabel("Amount (USD)").fill(String(dollars));
  await page.getByRole("button", { name: "Continue to payment" }).click();
  await page.getByRole("button", { name: `Pay $${dollars}.00` }).click();
  await expect(page).toHaveURL(/\/billing\?checkout=success/);
}

async function createKey(page: Page, name: string): Promise<string> {
  await go(page, "API keys");
  await page.getByLabel("Name", { exact: true }).fill(name);
  await page.getByRole("checkbox", { name: /^delete/ }).check();
  await page.getByRole("button", { name: "Create key" }).click();
  return (await page.getByTestId("new-key-secret").textContent())!.trim();
}

test("sign up, top up, create a key, upload and watch, search and open, revoke, all by clicks; a second account sees none of it", async ({ page, browser, pageErrors }) => {
  const email = uniqueEmail("journey");
  await signUpByClicks(page, { email, accountName: "Journey Labs" });
  await topUp(page, 10);
  await expect(page.getByRole("definition").filter({ hasText: "$10.00" })).toBeVisible();
  await go(page, "Overview");
  await expect(stat(page, "Balance")).toContainText("$10.00");

  const secret = await createKey(page, "Importer");
  expect((await page.request.get("/v1/balance", { headers: { "x-api-key": secret } })).status()).toBe(200);

  // Upload through the page and watch the batch finish.
  await go(page, "Upload");
  await page.getByLabel("Collection", { exact: true }).selectOption({ label: "New collection…" });
  await page.getByLabel("New collection name").fill("journey/notes");
  await page.getByLabel("Files to upload").setInputFiles([
    { name: "survey.txt", mimeType: "text/plain", buffer: Buffer.from(TEXT) },
    { name: "ridge.md", mimeType: "text/markdown", buffer: Buffer.from("# Ridge\n\nWind and scree on the northern ridge.") },
  ]);
  await expect(page.getByTestId("balance")).toHaveText("$10.00");
  await expect(page.getByTestId("estimate")).toHaveText("$0.08");
  await page.getByRole("button", { name: "Upload 2 files" }).click();
  await expect(page.getByText("2 of 2 files done")).toBeVisible({ timeout: 120_000 });
  await expect(page.getByTestId("batch-status")).toHaveText("completed");
  const batchUrl = page.url();
  await screenshot(page, "journey-batch");

  // The batch is in the list; its collection holds both files.
  await go(page, "Batches");
  await expect(page.getByTestId("batch-row")).toHaveCount(1);
  await go(page, "Collections");
  await page.getByRole("link", { name: "journey/notes" }).click();
  await expect(page.getByText("Showing 2 of 2")).toBeVisible();

  // Search in the playground and open the result.
  await go(page, "Search");
  await page.getByLabel("Query").fill(WORD);
  await page.getByRole("button", { name: "Search", exact: true }).click();
  const hit = page.getByRole("list", { name: "Search results" }).getByRole("listitem").first();
  await expect(hit.getByRole("link", { name: "survey.txt" })).toBeVisible();
  await expect(hit.locator("mark").first()).toHaveText(new RegExp(WORD, "i"));
  await screenshot(page, "journey-search");
  await hit.getByRole("link", { name: "survey.txt" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "survey.txt" })).toBeVisible();
  await expect(page.getByText(TEXT).first()).toBeVisible();
  const mediaUrl = page.url();
  const mediaId = mediaUrl.split("/media/")[1]!;

  // Revoke the key: the API refuses it from then on.
  await go(page, "API keys");
  await page.getByRole("button", { name: "Revoke Importer" }).click();
  await page.getByRole("dialog").getByRole("button", { name: "Revoke key" }).click();
  await expect(page.getByRole("row", { name: /Importer/ })).toContainText("revoked");
  const refused = await page.request.get("/v1/balance", { headers: { "x-api-key": secret } });
  expect(refused.status()).toBe(401);
  expect((await refused.json()).error.code).toBe("unauthorized");

  // Balance and ledger: $10 top-up, one $0.08 charge; the overview agrees.
  await go(page, "Billing");
  await expect(page.getByRole("definition").filter({ hasText: "$9.92" })).toBeVisible();
  const ledger = page.getByRole("table", { name: "Ledger entries, newest first" });
  await expect(ledger.getByRole("row")).toHaveCount(3);
  await expect(ledger.getByRole("row").nth(1)).toContainText("charge");
  await expect(ledger.getByRole("row").nth(1)).toContainText("-$0.08");
  await expect(ledger.getByRole("row").nth(2)).toContainText("topup");
  await screenshot(page, "journey-billing");
  await go(page, "Overview");
  await expect(stat(page, "Balance")).toContainText("$9.92");

  // A second account, in its own browser context, sees none of the first account's data.
  const otherContext = await browser.newContext();
  const other = await otherContext.newPage();
  await signUpByClicks(other, { email: uniqueEmail("stranger"), accountName: "Stranger Co" });
  const otherKey = await createKey(other, "Stranger key");
  await go(other, "Overview");
  await expect(stat(other, "Balance")).toContainText("$0.00");
  await go(other, "Batches");
  await expect(other.getByText("No batches yet")).toBeVisible();
  await go(other, "Collections");
  await expect(other.getByText("No collections yet")).toBeVisible();
  await go(other, "Billing");
  await expect(other.getByText("No entries yet")).toBeVisible();
  await go(other, "API keys");
  await expect(other.getByRole("row", { name: /Importer/ })).toHaveCount(0);
  // The first account's links, pasted: the API answers 404, which the browser logs.
  pageErrors.allowConsoleError(/status of 404 .*\/v1\/(batches|media)\//);
  await other.goto(batchUrl.replace(/^https?:\/\/[^/]+/, ""));
  await expect(other.getByRole("heading", { level: 1, name: "Batch not found" })).toBeVisible();
  await other.goto(`/media/${mediaId}`);
  await expect(other.getByRole("heading", { level: 1, name: "Media not found" })).toBeVisible();
  await screenshot(other, "journey-stranger-keys");

  const batchId = batchUrl.split("/batches/")[1]!;
  for (const headers of [CONSOLE, { "x-api-key": otherKey }]) {
    expect((await other.request.get(`/v1/batches/${batchId}`, { headers })).status()).toBe(404);
    expect((await other.request.get(`/v1/batches/${batchId}/results`, { headers })).status()).toBe(404);
    expect((await other.request.get(`/v1/media/${mediaId}`, { headers })).status()).toBe(404);
    expect((await other.request.delete(`/v1/media/${mediaId}`, { headers })).status()).toBe(404);
    expect((await other.request.put(`/v1/batches/${batchId}/state`, { headers, data: { state: "cancelled" } })).status()).toBe(404);
    const search = await other.request.post("/v1/search", { headers, data: { query: WORD } });
    expect(search.status()).toBe(200);
    expect((await search.json()).data.results).toHaveLength(0);
    const media = await other.request.get("/v1/media", { headers });
    expect((await media.json()).data.media).toHaveLength(0);
  }
  await otherContext.close();

  // The first account's data is untouched by the stranger's attempts.
  const still = await page.request.get(`/v1/media/${mediaId}`, { headers: CONSOLE });
  expect(still.status()).toBe(200);
});
