import AxeBuilder from "@axe-core/playwright";
import { expect, test, type Page } from "./fixtures";
import { forgetSession, grantCredit, signUp, uniqueEmail, uploadAndWait } from "./helpers";

// axe-core's WCAG 2.1 A/AA rules on every console page of an account with data in it:
// labels, names, contrast, landmarks, plus axe's best practices. Any finding, of any impact, fails the test.

const AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"];

async function audit(page: Page, path: string) {
  await page.goto(path);
  await expect(page.getByRole("heading", { level: 1 })).toBeVisible();
  // Let loading placeholders give way to the data.
  await page.waitForLoadState("networkidle");
  const results = await new AxeBuilder({ page }).withTags(AXE_TAGS).analyze();
  return results.violations.map((v) => `${path}: ${v.id} (${v.impact}) ${v.help}: ${v.nodes.map((n) => n.target.join(" ")).slice(0, 3).join(", ")}`);
}

test("every console page passes axe's WCAG A/AA checks, desktop and phone", async ({ page }) => {
  test.setTimeout(240_000);
  const email = uniqueEmail("a11y");
  await signUp(page, { email });
  grantCredit({ email, dollars: 5 });
  const { batchId, mediaIds } = await uploadAndWait(page, "a11y/docs", [{ name: "notes.txt", mimeType: "text/plain", buffer: Buffer.from("Accessible pages for everyone, keyboard first.") }]);
  const mediaId = mediaIds.get("notes.txt")!;

  const pages = ["/", "/upload", "/batches", `/batches/${batchId}`, "/collections", "/collections/a11y/docs", `/media/${mediaId}`, "/search?q=keyboard", "/keys", "/billing", "/team", "/status"];
  const problems: string[] = [];
  for (const path of pages) problems.push(...(await audit(page, path)));
  await page.setViewportSize({ width: 390, height: 844 });
  for (const path of ["/", "/batches", "/billing"]) problems.push(...(await audit(page, path)));
  expect(problems).toEqual([]);

  await forgetSession(page);
  const signedOut: string[] = [];
  for (const path of ["/sign-in", "/sign-up", "/sign-in?expired=1"]) signedOut.push(...(await audit(page, path)));
  expect(signedOut).toEqual([]);
});

test("the keyboard reaches the content first; dialogs take focus and Escape closes them", async ({ page }) => {
  await signUp(page, { email: uniqueEmail("keyboard") });
  await page.goto("/keys");
  await page.keyboard.press("Tab");
  await expect(page.getByRole("link", { name: "Skip to content" })).toBeFocused();
  await page.keyboard.press("Enter");
  await expect(page).toHaveURL(/#main$/);

  await page.getByLabel("Name", { exact: true }).fill("Keyboard key");
  await page.getByLabel("Name", { exact: true }).press("Enter");
  await expect(page.getByTestId("new-key-secret")).toBeVisible();
  await page.getByRole("button", { name: "Revoke Keyboard key" }).focus();
  await page.keyboard.press("Enter");
  const dialog = page.getByRole("dialog");
  await expect(dialog).toBeVisible();
  // Focus is inside the modal dialog; Escape closes it without revoking.
  await expect(dialog.locator(":focus")).toHaveCount(1);
  await page.keyboard.press("Escape");
  await expect(dialog).toBeHidden();
  await expect(page.getByRole("row", { name: /Keyboard key/ })).not.toContainText("revoked");
});
