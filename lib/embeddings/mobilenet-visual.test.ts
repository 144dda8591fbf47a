import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { dot, writeTestPictures } from "@/test/support/pictures";
import { loadMobileNetVisual } from "./mobilenet-visual";
import { loadUseLite } from "./use-lite";
import type { MobileNetVisual } from "./mobilenet-visual";

let dir: string;
let pictures: Awaited<ReturnType<typeof writeTestPictures>>;
let provider: MobileNetVisual;
let text: Awaited<ReturnType<typeof loadUseLite>>;

beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), "tessera-pictures-"));
  pictures = await writeTestPictures(dir);
  // Each model has its own thread, so neither TensorFlow.js owns the other's engine.
  text = await loadUseLite();
  provider = await loadMobileNetVisual();
}, 60_000);
afterAll(async () => {
  await provider.close();
  await text.close();
  await rm(dir, { recursive: true, force: true });
});

describe("offline visual provider (MobileNetV2 from nsfwjs, WASM backend)", () => {
  it("loads beside the offline text model (which bundles another TensorFlow.js) and embeds after it", async () => {
    const [a] = await text.embedTexts(["a cat"]);
    expect(a).toHaveLength(512);
    const [v] = await provider.embedImages([pictures.scene]);
    expect(v).toHaveLength(1280);
    expect(provider).toMatchObject({ provider: "offline", model: "mobilenet-v2-nsfwjs", dimension: 1280, space: "visual" });
    const [b] = await text.embedTexts(["a kitten"]);
    expect(b).toHaveLength(512);
  }, 60_000);

  it("embeds PNG, JPEG and WebP into unit-length 1280-d vectors, near-duplicates close, unrelated far", async () => {
    const [scene, copy, stripes] = await provider.embedImages([pictures.scene, pictures.nearDuplicate, pictures.unrelated]);
    for (const v of [scene!, copy!, stripes!]) {
      expect(v).toHaveLength(1280);
      expect(Math.hypot(...v)).toBeCloseTo(1, 5);
    }
    const near = dot(scene!, copy!);
    const far = dot(scene!, stripes!);
    expect(near).toBeGreaterThan(0.8);
    expect(near - far).toBeGreaterThan(0.2);
    console.log(`near-duplicate ${near.toFixed(3)}, unrelated ${far.toFixed(3)}`);
  }, 60_000);

  it("gives the same vector for the same picture alone or inside a batch", async () => {
    const batch = await provider.embedImages([pictures.unrelated, pictures.nearDuplicate, pictures.scene]);
    const [alone] = await provider.embedImages([pictures.scene]);
    expect(batch).toHaveLength(3);
    expect(dot(batch[2]!, alone!)).toBeCloseTo(1, 4);
  }, 60_000);

  it("fails clearly on a missing file, and keeps working after", async () => {
    await expect(provider.embedImages([path.join(dir, "missing.png")])).rejects.toThrow(/missing\.png|Input file is missing/);
    expect(await provider.embedImages([pictures.scene])).toHaveLength(1);
  });
});
