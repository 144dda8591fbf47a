import { readFileSync } from "node:fs";
import path from "node:path";
import { expect, test } from "./fixtures";
import { grantCredit, shots, signUp, uniqueEmail, uploadAndWait } from "./helpers";

const COLLECTION = "research/ocean/notes";
const TEXT = "The bathyscaphe Trieste descended into the Challenger Deep in 1960, carrying two observers to the floor of the Mariana Trench.";
const PICTURE = readFileSync(path.resolve("test/fixtures/images/sample.png"));

test("collections, media and search: browse what was extracted, search by words and by picture, delete", async ({ page, browser, pageErrors }) => {
  // Another account's media, and media once deleted, answer 404.
  pageErrors.allowConsoleError(/status of 404 .*\/v1\/media\/med_/);
  const email = uniqueEmail("collections");
  await signUp(page, { email });

  // Before anything is uploaded: empty states.
  await page.goto("/collections");
  await expect(page.getByText("No collections yet")).toBeVisible();
  await expect(page.getByRole("link", { name: "Upload files" })).toHaveAttribute("href", "/upload");
  await shots(page, "collections-empty");

  grantCredit({ email, dollars: 5 });
  await uploadAndWait(page, COLLECTION, [
    { name: "trieste.txt", mimeType: "text/plain", buffer: Buffer.from(TEXT) },
    { name: "reef.png", mimeType: "image/png", buffer: PICTURE },
  ]);

  // The collections list, with the item count.
  await page.goto("/collections");
  const row = page.getByRole("row", { name: new RegExp(COLLECTION) });
  await expect(row.getByRole("cell").nth(1)).toHaveText("2");
  await shots(page, "collections");

  // The collection page: its name's slashes survive the URL; both files are listed.
  await row.getByRole("link", { name: COLLECTION }).click();
  await expect(page).toHaveURL(/\/collections\/research\/ocean\/notes$/);
  await expect(page.getByRole("heading", { level: 1, name: COLLECTION })).toBeVisible();
  await expect(page.getByRole("link", { name: "trieste.txt" })).toBeVisible();
  await expect(page.getByRole("link", { name: "reef.png" })).toBeVisible();
  await expect(page.getByText("Showing 2 of 2")).toBeVisible();
  await shots(page, "collection");

  // The text's media page shows its extracted text.
  await page.getByRole("link", { name: "trieste.txt" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "trieste.txt" })).toBeVisible();
  await expect(page.getByRole("heading", { name: "Extracted text" })).toBeVisible();
  await expect(page.getByText(/bathyscaphe Trieste descended/).first()).toBeVisible();
  await expect(page.getByRole("link", { name: COLLECTION }).first()).toBeVisible();
  await shots(page, "media-text");

  // The picture's media page shows the preview, decoded.
  await page.goto(`/collections/${COLLECTION}`);
  await page.getByRole("link", { name: "reef.png" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "reef.png" })).toBeVisible();
  const preview = page.getByRole("img", { name: /reef\.png: Picture/ });
  await expect(preview).toBeVisible();
  await expect.poll(() => preview.evaluate((img: HTMLImageElement) => img.naturalWidth)).toBeGreaterThan(0);
  await expect(page.getByRole("heading", { name: "Image and EXIF" })).toBeVisible();
  const imageUrl = page.url();
  await shots(page, "media-image");

  // Search: an empty query is refused before anything is sent.
  await page.goto("/search");
  await expect(page.getByText("Search your media")).toBeVisible();
  await page.getByRole("button", { name: "Search", exact: true }).click();
  await expect(page.getByText("Type what to look for.")).toBeVisible();
  await page.getByLabel("Max results").fill("500");
  await page.getByLabel("Query").fill("bathyscaphe");
  await page.getByRole("button", { name: "Search", exact: true }).click();
  await expect(page.getByText("Use at most 100.")).toBeVisible();
  await page.getByLabel("Max results").fill("");
  await page.getByRole("button", { name: "Search", exact: true }).click();
  await expect(page).toHaveURL(/\/search\?q=bathyscaphe/);
  const hit = page.getByRole("listitem").filter({ has: page.getByRole("link", { name: "trieste.txt" }) });
  await expect(hit).toBeVisible();
  await expect(hit.locator("mark").first()).toHaveText(/bathyscaphe/i);
  await shots(page, "search-text");
  // The query lives in the URL: a reload shows the same results.
  await page.reload();
  await expect(page.getByLabel("Query")).toHaveValue("bathyscaphe");
  await expect(page.getByRole("link", { name: "trieste.txt" })).toBeVisible();
  // Each search is a history entry: Back brings the earlier query and its results back.
  await page.getByLabel("Query").fill("harbour lights");
  await page.getByRole("button", { name: "Search", exact: true }).click();
  await expect(page).toHaveURL(/\/search\?q=harbour/);
  await expect(page.getByRole("link", { name: "reef.png" })).toBeVisible();
  await page.goBack();
  await expect(page).toHaveURL(/\/search\?q=bathyscaphe/);
  await expect(page.getByLabel("Query")).toHaveValue("bathyscaphe");
  await expect(page.getByRole("link", { name: "trieste.txt" })).toBeVisible();
  await page.getByRole("link", { name: "trieste.txt" }).click();
  await expect(page).toHaveURL(/\/media\/med_/);
  await expect(page.getByRole("heading", { level: 1, name: "trieste.txt" })).toBeVisible();

  // A word nobody wrote: the no-results state.
  await page.goto("/search?q=xylophonequagmire&mode=lexical");
  await expect(page.getByText("No results")).toBeVisible();

  // Search by picture: a file that is not a picture is refused, the uploaded picture finds itself.
  await page.goto("/search");
  const drop = page.locator('input[type="file"]');
  await drop.setInputFiles({ name: "notes.txt", mimeType: "text/plain", buffer: Buffer.from("not a picture") });
  await expect(page.getByText("Use a PNG, JPEG or WebP picture.")).toBeVisible();
  await drop.setInputFiles({ name: "query.png", mimeType: "image/png", buffer: PICTURE });
  await page.getByRole("button", { name: "Search by image", exact: true }).click();
  const first = page.getByRole("list", { name: "Search results" }).getByRole("listitem").first();
  await expect(first.getByRole("link", { name: "reef.png" })).toBeVisible();
  await expect(first.getByRole("img", { name: "Preview of reef.png" })).toBeVisible();
  await shots(page, "search-image");

  // Another account sees none of it.
  const other = await browser.newContext();
  const stranger = await other.newPage();
  await signUp(stranger, { email: uniqueEmail("stranger") });
  await stranger.goto(imageUrl);
  await expect(stranger.getByRole("heading", { level: 1, name: "Media not found" })).toBeVisible();
  await shots(stranger, "media-not-found");
  await stranger.goto("/collections");
  await expect(stranger.getByText("No collections yet")).toBeVisible();
  await stranger.goto(`/collections/${COLLECTION}`);
  await expect(stranger.getByText("No media in this collection")).toBeVisible();
  await other.close();

  // Deleting one media item removes it from the list.
  await page.goto(`/collections/${COLLECTION}`);
  await page.getByRole("button", { name: "Delete trieste.txt" }).click();
  const dialog = page.getByRole("dialog");
  await expect(dialog).toContainText("trieste.txt");
  await shots(page, "delete-media-dialog");
  await dialog.getByRole("button", { name: "Delete", exact: true }).click();
  await expect(page.getByRole("link", { name: "trieste.txt" })).toHaveCount(0);
  await expect(page.getByRole("link", { name: "reef.png" })).toBeVisible();

  // Deleting the collection asks for its name, then leaves an empty collections list.
  await page.getByRole("button", { name: "Delete collection" }).click();
  await dialog.getByLabel("Type the collection's name to confirm").fill("research/ocean");
  await dialog.getByRole("button", { name: "Delete collection" }).click();
  await expect(dialog.getByText("The name does not match.")).toBeVisible();
  await shots(page, "delete-collection-dialog");
  await dialog.getByLabel("Type the collection's name to confirm").fill(COLLECTION);
  await dialog.getByRole("button", { name: "Delete collection" }).click();
  await expect(page).toHaveURL(/\/collections$/);
  await expect(page.getByText("No collections yet")).toBeVisible();
  await page.goto(imageUrl);
  await expect(page.getByRole("heading", { level: 1, name: "Media not found" })).toBeVisible();
});
