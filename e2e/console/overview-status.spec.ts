import { expect, test } from "./fixtures";
import { grantCredit, screenshot, signUp, stat, uniqueEmail, uploadAndWait } from "./helpers";


test("a new account's overview shows $0.00 and how to start; credit and a first batch show up", async ({ page }) => {
  const email = uniqueEmail("overview");
  await signUp(page, { email });
  await expect(stat(page, "Balance")).toContainText("$0.00");
  await expect(stat(page, "Files processed this month")).toContainText("0");
  await expect(page.getByRole("heading", { name: "Get started" })).toBeVisible();
  await expect(page.getByLabel("Submit a batch with curl")).toContainText("/v1/batches");
  await expect(page.getByText("No files processed this month yet.")).toBeVisible();
  await expect(page.getByRole("img", { name: /Files processed per day/ })).toBeVisible();
  await screenshot(page, "overview-new");
  await page.setViewportSize({ width: 390, height: 844 });
  await screenshot(page, "overview-new-phone");
  await page.setViewportSize({ width: 1280, height: 720 });

  grantCredit({ email, dollars: 25 });
  await page.reload();
  await expect(stat(page, "Balance")).toContainText("$25.00");

  const { batchId } = await uploadAndWait(page, "overview", [{ name: "overview-note.txt", mimeType: "text/plain", buffer: Buffer.from(`A note about tessellated mosaics ${Date.now()}.`) }]);

  await page.reload();
  await expect(stat(page, "Files processed this month")).toContainText("1");
  await expect(stat(page, "Spent this month")).toContainText("$0.04");
  await expect(stat(page, "Balance")).toContainText("$24.96");
  await expect(page.getByRole("heading", { name: "Get started" })).toHaveCount(0);
  await expect(page.getByText(/^1 file this month; most on/)).toBeVisible();
  const recent = page.getByRole("table", { name: "The five most recent batches" });
  await expect(recent.getByRole("link", { name: batchId })).toHaveAttribute("href", `/batches/${batchId}`);
  await page.getByText("Show the numbers").click();
  await expect(page.getByRole("table", { name: /per day this month/ })).toContainText("$0.04");
  await screenshot(page, "overview-with-batch");
  await page.setViewportSize({ width: 390, height: 844 });
  await screenshot(page, "overview-with-batch-phone");
});

test("the status page lists components, capabilities with reasons, and the limits", async ({ page }) => {
  await signUp(page, { email: uniqueEmail("status") });
  await page.goto("/status");
  await expect(page.getByRole("heading", { level: 1, name: "Status" })).toBeVisible();
  await expect(page.getByText("All components are healthy.")).toBeVisible();
  await expect(page.getByText("Database (PostgreSQL)")).toBeVisible();
  await expect(page.getByText("Vector store (Chroma)")).toBeVisible();
  const text = page.getByTestId("capability-text_embeddings");
  await expect(text).toContainText("available");
  await expect(text).toContainText("Uses:");
  const capabilities = page.locator('[data-testid^="capability-"]');
  expect(await capabilities.count()).toBeGreaterThanOrEqual(5);
  await expect(page.getByText("Job driver")).toBeVisible();
  await expect(page.getByText("PostgreSQL queue (npm run worker)")).toBeVisible();
  await expect(page.getByRole("table", { name: "Accepted file types and their limits" })).toContainText(".pdf");
  await screenshot(page, "status");
  await page.setViewportSize({ width: 390, height: 844 });
  await screenshot(page, "status-phone");
});
