import fs from "node:fs";
import path from "node:path";
import { expect, test, type Page } from "./fixtures";
import { ITEM_PRICE_MICROS, MAX_FILES_PER_BATCH, MICROS_PER_DOLLAR } from "../../lib/constants";
import { CONSOLE, grantCredit, screenshot, signUp, uniqueEmail } from "./helpers";

const FIXTURES = path.resolve("test/fixtures");
const PHONE = { width: 390, height: 844 };
const usd = (micros: number) => `$${(micros / MICROS_PER_DOLLAR).toFixed(2)}`;
const textFile = (name: string, text: string, mimeType = "text/plain") => ({ name, mimeType, buffer: Buffer.from(text) });

/** Drops files on the drop zone the way a browser does: a drop event carrying a DataTransfer. */
async function dropFiles(page: Page, files: Array<{ name: string; text: string; type: string }>) {
  const dataTransfer = await page.evaluateHandle((list) => {
    const dt = new DataTransfer();
    for (const f of list) dt.items.add(new File([f.text], f.name, { type: f.type }));
    return dt;
  }, files);
  await page.getByTestId("drop-zone").dispatchEvent("drop", { dataTransfer });
}

async function apiJson(page: Page, url: string) {
  const response = await page.request.get(url, { headers: CONSOLE });
  expect(response.status()).toBe(200);
  return (await response.json()).data;
}

/** A batch made straight through the API with the session, as a script in the console would. */
async function createBatch(page: Page, { name, collection }: { name: string; collection: string }): Promise<string> {
  const response = await page.request.post("/v1/batches", {
    headers: CONSOLE,
    multipart: { file: textFile(name, `${name}: ${Math.random()} a few words to index`), collection_id: collection },
  });
  expect(response.status(), await response.text()).toBe(200);
  return (await response.json()).data.batch_id;
}

async function waitUntilFinished(page: Page, batchId: string) {
  await expect.poll(async () => (await apiJson(page, `/v1/batches/${batchId}`)).status, { timeout: 120_000 }).toMatch(/^(completed|failed|cancelled)$/);
}

test("uploads chosen and dropped files, watches the batch complete, and pays the estimate", async ({ page }) => {
  const email = uniqueEmail("upload");
  await signUp(page, { email });
  grantCredit({ email, dollars: 5 });

  await page.goto("/upload");
  await expect(page.getByRole("heading", { level: 1, name: "Upload" })).toBeVisible();
  await expect(page.getByTestId("balance")).toHaveText("$5.00");
  await screenshot(page, "upload-empty");

  const collection = `e2e/docs-${Date.now()}`;
  await page.getByLabel("Collection", { exact: true }).selectOption({ label: "New collection…" });
  await page.getByLabel("New collection name").fill(collection);
  await page.getByLabel("Batch name (optional)").fill("E2E upload");
  await page.getByLabel("Files to upload").setInputFiles([
    textFile("notes.txt", `Meeting notes ${Math.random()}: the lighthouse keeper logs the storms of November.`),
    textFile("prices.csv", `item,price\nlamp,${Math.random()}\nrope,3.50\n`, "text/csv"),
    { name: "sample.docx", mimeType: "application/vnd.openxmlformats-officedocument.wordprocessingml.document", buffer: fs.readFileSync(path.join(FIXTURES, "documents/sample.docx")) },
  ]);
  await dropFiles(page, [{ name: "readme.md", text: `# Readme ${Math.random()}\n\nHow the archive is organised.`, type: "text/markdown" }]);

  const files = page.getByRole("list", { name: "Selected files" }).getByRole("listitem");
  await expect(files).toHaveCount(4);
  await expect(files.filter({ hasText: "readme.md" })).toContainText("document");
  await expect(files.filter({ hasText: "prices.csv" })).toContainText("spreadsheet");
  const estimate = 4 * ITEM_PRICE_MICROS;
  await expect(page.getByTestId("estimate")).toHaveText(usd(estimate));
  await expect(page.getByText("An estimate: files already in the collection are not charged")).toBeVisible();
  await screenshot(page, "upload-selected");
  await page.setViewportSize(PHONE);
  await screenshot(page, "upload-selected-phone");
  await page.setViewportSize({ width: 1280, height: 800 });

  await page.getByRole("button", { name: "Upload 4 files" }).click();
  await expect(page).toHaveURL(/\/batches\/batch_/);
  const batchId = page.url().split("/").at(-1)!;
  await expect(page.getByRole("heading", { level: 1, name: "E2E upload" })).toBeVisible();
  await expect(page.getByText(`Collection: ${collection}`)).toBeVisible();

  // Live progress: the page polls until the batch is finished.
  await expect(page.getByText("4 of 4 files done")).toBeVisible({ timeout: 120_000 });
  await expect(page.getByTestId("batch-status")).toHaveText("completed");
  const rows = page.getByTestId("item-row");
  await expect(rows).toHaveCount(4);
  for (const row of await rows.all()) {
    await expect(row.getByTestId("item-status")).toHaveText("succeeded");
    const [chunks, vectors] = (await row.getByTestId("item-vectors").innerText()).split("/").map((n) => Number(n.trim()));
    expect(chunks).toBeGreaterThan(0);
    expect(vectors).toBeGreaterThan(0);
    // A succeeded file links to its media page.
    await expect(row.getByRole("link")).toHaveAttribute("href", /^\/media\/med/);
  }
  await expect(page.getByTestId("charged")).toHaveText(usd(estimate));
  await expect(page.getByTestId("refunded")).toHaveText("$0.00");
  await expect(page.getByRole("button", { name: "Cancel batch" })).toHaveCount(0);
  await expect(page.getByRole("link", { name: collection })).toHaveAttribute("href", `/collections/${collection.split("/").map(encodeURIComponent).join("/")}`);
  await screenshot(page, "batch-completed");
  await page.setViewportSize(PHONE);
  await screenshot(page, "batch-completed-phone");

  const balance = await apiJson(page, "/v1/balance");
  expect(Math.round(balance.balance * MICROS_PER_DOLLAR)).toBe(5 * MICROS_PER_DOLLAR - estimate);
  const status = await apiJson(page, `/v1/batches/${batchId}`);
  expect(status.counts.succeeded).toBe(4);
});

test("refuses in the page what the API would refuse, before any upload", async ({ page }) => {
  await signUp(page, { email: uniqueEmail("refuse") });
  await page.goto("/upload");
  let posted = 0;
  page.on("request", (r) => {
    if (r.method() === "POST" && r.url().includes("/v1/batches")) posted++;
  });

  await page.getByLabel("Files to upload").setInputFiles([textFile("setup.exe", "MZ not a program"), textFile("ok.txt", "fine text")]);
  const exe = page.getByRole("listitem").filter({ hasText: "setup.exe" });
  await expect(exe).toContainText("unsupported file type '.exe'");
  // Only the accepted file is priced.
  await expect(page.getByTestId("estimate")).toHaveText(usd(ITEM_PRICE_MICROS));
  await page.getByRole("button", { name: "Upload 2 files" }).click();
  await expect(page.getByRole("alert").filter({ hasText: "Fix these before uploading" })).toContainText("Remove the file marked as refused.");

  await page.getByLabel("Collection", { exact: true }).selectOption({ label: "New collection…" });
  await page.getByLabel("New collection name").fill("bad name!");
  await expect(page.getByText("use 1-128 letters, digits, '_', '-', '.' or '/'", { exact: true })).toBeVisible();
  await page.getByLabel("New collection name").fill("a/../b");
  await expect(page.getByText("must not contain '.' or '..' segments", { exact: true })).toBeVisible();
  await screenshot(page, "upload-refused");

  await page.getByRole("button", { name: "Remove setup.exe" }).click();
  await expect(exe).toHaveCount(0);

  // Too many files, and a file over its category's size limit.
  const many = Array.from({ length: MAX_FILES_PER_BATCH }, (_, i) => textFile(`part-${i}.txt`, `part ${i}`));
  await page.getByLabel("Files to upload").setInputFiles(many);
  const tooMuch = page.getByRole("alert").filter({ hasText: "Too much for one batch" });
  await expect(tooMuch).toContainText(`A batch holds at most ${MAX_FILES_PER_BATCH} files; ${MAX_FILES_PER_BATCH + 1} are selected.`);
  for (let i = 0; i < 2; i++) await page.getByRole("button", { name: `Remove part-${i}.txt` }).click();
  await expect(tooMuch).toHaveCount(0);
  await page.getByLabel("Files to upload").setInputFiles([{ name: "huge.pdf", mimeType: "application/pdf", buffer: Buffer.alloc(21 * 1024 * 1024, 0x20) }]);
  await expect(page.getByRole("listitem").filter({ hasText: "huge.pdf" })).toContainText("document files can be at most 20 MB");
  await screenshot(page, "upload-too-many-too-big");
  expect(posted).toBe(0);
});

test("shows the server's refusals: content that is not what its name says, then insufficient funds", async ({ page, pageErrors }) => {
  // The refusals are the point: invalid_media (400), then insufficient_funds (403).
  pageErrors.allowConsoleError(/status of (400|403) .*\/v1\/batches$/);
  await signUp(page, { email: uniqueEmail("broke") });
  await page.goto("/upload");
  await page.getByLabel("Files to upload").setInputFiles([path.join(FIXTURES, "documents/not-really.pdf")]);
  await expect(page.getByText("The estimate exceeds your balance")).toBeVisible();
  await page.getByRole("button", { name: "Upload 1 file" }).click();
  await expect(page.getByRole("alert").filter({ hasText: "Some files were refused" })).toContainText("A file failed validation.");
  await expect(page.getByRole("listitem").filter({ hasText: "not-really.pdf" })).toContainText("not PDF");

  await page.getByRole("button", { name: "Remove not-really.pdf" }).click();
  await page.getByLabel("Files to upload").setInputFiles([textFile("a.txt", "some words")]);
  await page.getByRole("button", { name: "Upload 1 file" }).click();
  const alert = page.getByRole("alert").filter({ hasText: "Not enough credit" });
  await expect(alert).toContainText("Insufficient balance for operation");
  await expect(alert).toContainText(`This batch costs ${usd(ITEM_PRICE_MICROS)}; your balance is $0.00.`);
  await expect(page).toHaveURL(/\/upload$/);
  await screenshot(page, "upload-insufficient-funds");
  await page.setViewportSize(PHONE);
  await screenshot(page, "upload-insufficient-funds-phone");
});

test("the batches list filters by status, collection and date in the URL, and pages", async ({ page, pageErrors }) => {
  // A status the API does not know, typed into the URL, answers 400.
  pageErrors.allowConsoleError(/status of 400 .*\/v1\/batches\?status=paused$/);
  const email = uniqueEmail("list");
  await signUp(page, { email });
  await page.goto("/batches");
  await expect(page.getByText("No batches yet")).toBeVisible();
  await screenshot(page, "batches-empty");

  grantCredit({ email, dollars: 5 });
  const ids = [
    await createBatch(page, { name: "one.txt", collection: "alpha" }),
    await createBatch(page, { name: "two.txt", collection: "beta" }),
    await createBatch(page, { name: "three.txt", collection: "alpha" }),
  ];
  for (const id of ids) await waitUntilFinished(page, id);

  await page.goto("/batches");
  const rows = page.getByTestId("batch-row");
  await expect(rows).toHaveCount(3);
  await expect(rows.first()).toContainText(ids[2]!);
  await expect(rows.first()).toContainText("1 / 1");
  await expect(rows.first()).toContainText("completed");
  await screenshot(page, "batches-list");

  await page.getByLabel("Status").selectOption("completed");
  await page.getByRole("button", { name: "Apply" }).click();
  await expect(page).toHaveURL(/status=completed/);
  await expect(rows).toHaveCount(3);

  await page.getByLabel("Status").selectOption("failed");
  await page.getByRole("button", { name: "Apply" }).click();
  await expect(page).toHaveURL(/status=failed/);
  await expect(page.getByText("No batches match these filters")).toBeVisible();
  await screenshot(page, "batches-no-match");

  // Back restores the previous filters, from the URL.
  await page.goBack();
  await expect(page).toHaveURL(/status=completed/);
  await expect(page.getByLabel("Status")).toHaveValue("completed");
  await expect(rows).toHaveCount(3);

  await page.goto("/batches?collection=alpha");
  await expect(page.getByLabel("Collection")).toHaveValue("alpha");
  await expect(rows).toHaveCount(2);

  const day = (offset: number) => {
    const d = new Date(Date.now() + offset * 86_400_000);
    return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, "0")}-${String(d.getDate()).padStart(2, "0")}`;
  };
  await page.goto(`/batches?from=${day(-1)}&to=${day(1)}`);
  await expect(rows).toHaveCount(3);
  await page.goto(`/batches?from=${day(2)}`);
  await expect(page.getByText("No batches match these filters")).toBeVisible();
  await page.goto("/batches");
  await page.getByLabel("Created from").fill(day(1));
  await page.getByLabel("Created to").fill(day(-1));
  await page.getByRole("button", { name: "Apply" }).click();
  await expect(page.getByText("The end date is before the start date.")).toBeVisible();

  // A page size of 2 over 3 batches: two pages, Previous and Next both work.
  await page.goto("/batches?limit=2");
  await expect(rows).toHaveCount(2);
  await expect(page.getByText("Page 1")).toBeVisible();
  await expect(page.getByRole("button", { name: "Previous page" })).toBeDisabled();
  await page.getByRole("button", { name: "Next page" }).click();
  await expect(page.getByText("Page 2")).toBeVisible();
  await expect(rows).toHaveCount(1);
  await expect(rows.first()).toContainText(ids[0]!);
  await expect(page.getByRole("button", { name: "Next page" })).toBeDisabled();
  await page.setViewportSize(PHONE);
  await screenshot(page, "batches-list-phone");
  await page.getByRole("button", { name: "Previous page" }).click();
  await expect(page.getByText("Page 1")).toBeVisible();
  await expect(rows.first()).toContainText(ids[2]!);

  // A bad value in the URL reaches the API, whose message is shown.
  await page.goto("/batches?status=paused");
  await expect(page.getByText(/^Invalid query parameters: status: /)).toBeVisible();
});

test("cancels a batch from its page: it ends cancelled or completed, and cancelled files are refunded", async ({ page }) => {
  const email = uniqueEmail("cancel");
  await signUp(page, { email });
  grantCredit({ email, dollars: 5 });
  await page.goto("/upload");
  const count = 12;
  await page.getByLabel("Files to upload").setInputFiles(Array.from({ length: count }, (_, i) => textFile(`doc-${i}.txt`, `document ${i} ${Math.random()} `.repeat(200))));
  await page.getByRole("button", { name: `Upload ${count} files` }).click();
  await expect(page).toHaveURL(/\/batches\/batch_/);
  const batchId = page.url().split("/").at(-1)!;

  const cancel = page.getByRole("button", { name: "Cancel batch" });
  await expect(page.getByRole("heading", { level: 1 })).toBeVisible();
  // The button goes away when the batch finishes; a batch that beat us to it is fine (see below).
  const clicked = (await cancel.isVisible()) && (await cancel.click({ timeout: 5_000 }).then(() => true, () => false));
  if (clicked) {
    const dialog = page.getByRole("dialog", { name: "Cancel this batch?" });
    await expect(dialog).toBeVisible();
    await screenshot(page, "batch-cancel-dialog");
    await dialog.getByRole("button", { name: "Cancel batch" }).click();
    await expect(dialog).toBeHidden();
  }
  await waitUntilFinished(page, batchId);
  const batch = await apiJson(page, `/v1/batches/${batchId}`);
  expect(["cancelled", "completed"]).toContain(batch.status);
  // Refunds are exactly the files that did not get processed: cancelled and failed ones.
  const refundedItems = batch.counts.cancelled + batch.counts.failed;
  expect(Math.round(batch.cost.refunded * MICROS_PER_DOLLAR)).toBe(refundedItems * ITEM_PRICE_MICROS);
  expect(Math.round(batch.cost.charged * MICROS_PER_DOLLAR)).toBe(count * ITEM_PRICE_MICROS);
  await expect(page.getByTestId("batch-status")).toHaveText(batch.status);
  await expect(page.getByTestId("refunded")).toHaveText(usd(refundedItems * ITEM_PRICE_MICROS));
  await expect(cancel).toHaveCount(0);
  if (batch.status === "cancelled") await expect(page.getByTestId("item-row").filter({ hasText: "cancelled" }).first()).toBeVisible();
  await screenshot(page, "batch-cancelled");
});

test("an unknown batch id and another account's batch both show not found", async ({ page, browser, pageErrors }) => {
  pageErrors.allowConsoleError(/status of 404 .*\/v1\/batches\/batch_/);
  const owner = uniqueEmail("owner");
  await signUp(page, { email: owner });
  grantCredit({ email: owner, dollars: 1 });
  const theirs = await createBatch(page, { name: "private.txt", collection: "secret" });

  const other = await browser.newContext();
  const stranger = await other.newPage();
  await signUp(stranger, { email: uniqueEmail("stranger") });
  await stranger.goto(`/batches/${theirs}`);
  await expect(stranger.getByRole("heading", { level: 1, name: "Batch not found" })).toBeVisible();
  await expect(stranger.getByText("private.txt")).toHaveCount(0);
  await stranger.goto("/batches/batch_does_not_exist");
  await expect(stranger.getByRole("heading", { level: 1, name: "Batch not found" })).toBeVisible();
  await screenshot(stranger, "batch-not-found");
  await other.close();
});
