import { expect, test, type Page } from "./fixtures";
import { CONSOLE, screenshot, signUp, uniqueEmail } from "./helpers";


async function createKey(page: Page, { name, uncheck = [] }: { name: string; uncheck?: string[] }): Promise<string> {
  await page.getByLabel("Name", { exact: true }).fill(name);
  for (const capability of uncheck) await page.getByRole("checkbox", { name: new RegExp(`^${capability}`) }).uncheck();
  await page.getByRole("button", { name: "Create key" }).click();
  const secret = page.getByTestId("new-key-secret");
  await expect(secret).toBeVisible();
  return (await secret.textContent())!.trim();
}

test("a key is created, its secret shown once, it works, and after revoking it gets 401", async ({ page }) => {
  await signUp(page, { email: uniqueEmail("keys") });
  await page.goto("/keys");
  await expect(page.getByText("No API keys yet")).toBeVisible();
  await screenshot(page, "keys-empty");

  const secret = await createKey(page, { name: "Nightly import" });
  expect(secret).toMatch(/^tsk_[a-z0-9]{20,}$/i);
  await expect(page.getByText("it will not be shown again")).toBeVisible();
  const row = page.getByRole("row", { name: /Nightly import/ });
  await expect(row).toContainText(secret.slice(0, 12));
  await expect(row).toContainText("read");
  await expect(row).toContainText("write");
  await expect(row).toContainText("never");
  await screenshot(page, "keys-created");

  const withKey = { "x-api-key": secret };
  expect((await page.request.get("/v1/balance", { headers: withKey })).status()).toBe(200);

  // The list never carries the secret or its hash.
  const listed = await page.request.get("/api/console/keys", { headers: CONSOLE });
  const body = await listed.text();
  expect(body).not.toContain(secret);
  expect(body).not.toMatch(/hash/i);
  const keyId = (JSON.parse(body) as { data: { id: string; name: string }[] }).data.find((k) => k.name === "Nightly import")!.id;

  await page.getByRole("button", { name: "I have copied it" }).click();
  await expect(page.getByTestId("new-key-secret")).toHaveCount(0);
  await page.reload();
  // last used is written after the request above: "never" is gone.
  await expect(row).not.toContainText("never");
  expect(await page.content()).not.toContain(secret);

  await page.getByRole("button", { name: "Revoke Nightly import" }).click();
  const dialog = page.getByRole("dialog", { name: "Revoke this key?" });
  await expect(dialog).toBeVisible();
  await screenshot(page, "keys-revoke-dialog");
  await dialog.getByRole("button", { name: "Revoke key" }).click();
  await expect(dialog).toBeHidden();
  await expect(row).toContainText("revoked");
  await expect(page.getByRole("button", { name: "Revoke Nightly import" })).toHaveCount(0);

  expect((await page.request.get("/v1/balance", { headers: withKey })).status()).toBe(401);
  // Revoking twice is a 404, like an unknown key.
  const again = await page.request.delete(`/api/console/keys/${keyId}`, { headers: CONSOLE });
  expect(again.status()).toBe(404);
  expect((await again.json()).error.code).toBe("not_found");
});

test("the form refuses an empty name and no capability; a read-only key cannot upload", async ({ page, browser }) => {
  await signUp(page, { email: uniqueEmail("keys-validation") });
  await page.setViewportSize({ width: 390, height: 844 });
  await page.goto("/keys");
  for (const capability of ["read", "write"]) await page.getByRole("checkbox", { name: new RegExp(`^${capability}`) }).uncheck();
  await page.getByRole("button", { name: "Create key" }).click();
  await expect(page.getByText("Name the key (where it will be used).")).toBeVisible();
  await expect(page.getByText("Choose at least one capability.")).toBeVisible();
  await expect(page.getByLabel("Name", { exact: true })).toHaveAttribute("aria-invalid", "true");
  await screenshot(page, "keys-errors-phone");

  await page.getByRole("checkbox", { name: /^read/ }).check();
  const secret = await createKey(page, { name: "Read only" });
  await screenshot(page, "keys-created-phone");
  const row = page.getByRole("row", { name: /Read only/ });
  await expect(row).not.toContainText("write");

  const upload = await page.request.post("/v1/batches", {
    headers: { "x-api-key": secret },
    multipart: { file: { name: "note.txt", mimeType: "text/plain", buffer: Buffer.from("hello") } },
  });
  expect(upload.status()).toBe(403);
  expect((await upload.json()).error.code).toBe("forbidden");
  expect((await page.request.get("/v1/balance", { headers: { "x-api-key": secret } })).status()).toBe(200);

  // Another account cannot see or revoke this key.
  const listed = (await (await page.request.get("/api/console/keys", { headers: CONSOLE })).json()) as { data: { id: string }[] };
  const other = await browser.newContext({ baseURL: new URL(page.url()).origin });
  const otherPage = await other.newPage();
  await signUp(otherPage, { email: uniqueEmail("keys-other") });
  const theirs = (await (await otherPage.request.get("/api/console/keys", { headers: CONSOLE })).json()) as { data: unknown[] };
  expect(theirs.data).toEqual([]);
  const revoke = await otherPage.request.delete(`/api/console/keys/${listed.data[0]!.id}`, { headers: CONSOLE });
  expect(revoke.status()).toBe(404);
  await other.close();
  expect((await page.request.get("/v1/balance", { headers: { "x-api-key": secret } })).status()).toBe(200);
});
