import { readFileSync } from "node:fs";
import path from "node:path";
import { expect, test, type Locator, type Page } from "./fixtures";
import { grantCredit, shots, signUp, uniqueEmail, uploadAndWait } from "./helpers";

const fixture = (name: string) => readFileSync(path.resolve("test/fixtures", name));

/** A media page's panel, found by its heading. */
const card = (page: Page, title: string) => page.locator("section").filter({ has: page.getByRole("heading", { level: 2, name: title, exact: true }) });

/** The picture has arrived and decoded, not just its <img> tag. */
async function expectLoadedPicture(image: Locator) {
  await expect(image).toBeVisible();
  await expect.poll(() => image.evaluate((el: HTMLImageElement) => el.complete && el.naturalWidth > 0)).toBe(true);
}

/** The figure next to a label in a media page's fact list. */
const fact = (section: Locator, label: string) => section.locator("dt", { hasText: label }).locator("xpath=following-sibling::dd[1]");

test("audio, video and 3D media pages show the timed transcript, key frames and geometry", async ({ page }) => {
  test.setTimeout(240_000);
  const email = uniqueEmail("kinds");
  await signUp(page, { email });
  grantCredit({ email, dollars: 5 });
  const { mediaIds: ids } = await uploadAndWait(page, "media/kinds", [
    { name: "interview.wav", mimeType: "audio/wav", buffer: fixture("audio/sample.wav") },
    { name: "clip.mp4", mimeType: "video/mp4", buffer: fixture("video/sample.mp4") },
    { name: "cube.glb", mimeType: "model/gltf-binary", buffer: fixture("model3d/cube.glb") },
  ]);

  // Audio: the recording's words under their timecodes ("0:00–0:04"), and no picture panel.
  await page.goto(`/media/${ids.get("interview.wav")}`);
  await expect(page.getByRole("heading", { level: 1, name: "interview.wav" })).toBeVisible();
  const transcript = card(page, "Transcript");
  await expect(transcript.getByRole("listitem").first()).toContainText(/^\d+:\d\d–\d+:\d\d/);
  await expect(transcript).toContainText(/\btest\b/);
  await expect(card(page, "Key frames")).toHaveCount(0);
  await shots(page, "media-audio");

  // Video: key frames drawn from the clip, captioned with their time, plus its transcript.
  await page.goto(`/media/${ids.get("clip.mp4")}`);
  await expect(page.getByRole("heading", { level: 1, name: "clip.mp4" })).toBeVisible();
  const frames = card(page, "Key frames");
  await expectLoadedPicture(frames.getByRole("img").first());
  await expect(frames.locator("figcaption").first()).toContainText(/\d+:\d\d/);
  await expect(card(page, "Transcript")).toContainText(/\btest\b/);
  await shots(page, "media-video");

  // 3D: the unit cube's measured geometry and its rendered thumbnail.
  await page.goto(`/media/${ids.get("cube.glb")}`);
  await expect(page.getByRole("heading", { level: 1, name: "cube.glb" })).toBeVisible();
  const geometry = card(page, "Geometry");
  await expect(fact(geometry, "Vertices")).toHaveText("8");
  await expect(fact(geometry, "Faces (triangles)")).toHaveText("12");
  await expect(fact(geometry, "Bounding box")).toHaveText(/^1 × 1 × 1/);
  await expect(fact(geometry, "Closed (watertight)")).toHaveText("Yes");
  await expectLoadedPicture(card(page, "Thumbnail").getByRole("img"));
  await shots(page, "media-3d");
});

test("a collection longer than a page shows 25 media, then the rest with Load more", async ({ page }) => {
  test.setTimeout(240_000);
  const email = uniqueEmail("pages");
  await signUp(page, { email });
  grantCredit({ email, dollars: 5 });
  const note = (i: number) => ({ name: `note-${String(i).padStart(2, "0")}.txt`, mimeType: "text/plain", buffer: Buffer.from(`Field note ${i}: the tide turned at ${i} past the hour.`) });
  // A batch holds 25 files at most, so the 27 arrive in two.
  await uploadAndWait(page, "field/notes", Array.from({ length: 25 }, (_, i) => note(i + 1)));
  await uploadAndWait(page, "field/notes", [note(26), note(27)]);

  await page.goto("/collections/field/notes");
  const table = page.getByRole("table", { name: "Media in field/notes" });
  const links = table.getByRole("link", { name: /^note-\d\d\.txt$/ });
  await expect(links).toHaveCount(25);
  await expect(page.getByText("Showing 25 of 27")).toBeVisible();

  await page.getByRole("button", { name: "Load more" }).click();
  await expect(links).toHaveCount(27);
  await expect(page.getByText("Showing 27 of 27")).toBeVisible();
  await expect(page.getByRole("button", { name: "Load more" })).toHaveCount(0);
  // Every file once: the second page neither repeats nor skips.
  const names = (await links.allTextContents()).sort();
  expect(names).toEqual(Array.from({ length: 27 }, (_, i) => note(i + 1).name));
});
