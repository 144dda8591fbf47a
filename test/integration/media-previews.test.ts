import { access, readdir, writeFile } from "node:fs/promises";
import path from "node:path";
import sharp from "sharp";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { PREVIEW_MAX_EDGE } from "@/lib/constants";
import { startPostgresWorker, type RunningWorker } from "@/lib/jobs/postgres-worker";
import { mediaPreviewsDir } from "@/lib/storage";
import { call } from "./api-client";
import { fixture, newAccount, postBatch, waitForBatch, type UploadFile } from "./helpers";

let worker: RunningWorker;
beforeAll(async () => {
  worker = await startPostgresWorker({ concurrency: 2 });
});
afterAll(async () => {
  await worker.stop();
});

const exists = (p: string) => access(p).then(() => true, () => false);

async function upload(account: { accountId: string; apiKey: string }, files: UploadFile[], fields: Record<string, string> = {}) {
  const { status, body } = await postBatch({ apiKey: account.apiKey, files, fields: { collection_id: "pictures/previews", ...fields } });
  expect(status).toBe(200);
  const done = await waitForBatch(account.accountId, body.data.batch_id);
  expect(done.status).toBe("completed");
  const listed = await call("get /v1/media", { apiKey: account.apiKey, query: { collection: "pictures/previews" } });
  return Object.fromEntries(listed.body.data.media.map((m: { filename: string; media_id: string }) => [m.filename, m.media_id])) as Record<string, string>;
}

describe("media previews", () => {
  it("keeps a small WebP per picture, lists it on the media, serves it to its account only, and deletes it with the media", async () => {
    const owner = await newAccount();
    const ids = await upload(owner, [
      { name: "photo.png", content: await fixture("images/sample.png") },
      { name: "drawing.svg", content: await fixture("images/sample.svg") },
      { name: "notes.txt", content: `Notes on previews ${Math.random()}: documents keep none.` },
    ]);

    for (const name of ["photo.png", "drawing.svg"]) {
      const detail = await call("get /v1/media/{id}", { apiKey: owner.apiKey, id: ids[name] });
      expect(detail.body.data.previews).toEqual([{ index: 0, url: `/v1/media/${ids[name]}/previews/0`, label: "normalised picture", start_s: null }]);
      const preview = await call("get /v1/media/{id}/previews/{n}", { apiKey: owner.apiKey, id: ids[name], n: "0" });
      expect(preview.status).toBe(200);
      expect(preview.headers.get("content-type")).toBe("image/webp");
      expect(preview.headers.get("cache-control")).toBe("private, max-age=3600");
      const meta = await sharp(preview.bytes).metadata();
      expect(meta.format).toBe("webp");
      expect(Math.max(meta.width!, meta.height!)).toBeLessThanOrEqual(PREVIEW_MAX_EDGE);
    }
    expect((await call("get /v1/media/{id}", { apiKey: owner.apiKey, id: ids["notes.txt"] })).body.data.previews).toEqual([]);
    expect(await exists(mediaPreviewsDir({ accountId: owner.accountId, mediaId: ids["notes.txt"]! }))).toBe(false);

    // Another account, a missing index and an index out of range.
    const stranger = await newAccount();
    const foreign = await call("get /v1/media/{id}/previews/{n}", { apiKey: stranger.apiKey, id: ids["photo.png"], n: "0" });
    expect(foreign.status).toBe(404);
    expect(foreign.body.error.code).toBe("not_found");
    expect((await call("get /v1/media/{id}/previews/{n}", { apiKey: owner.apiKey, id: ids["photo.png"], n: "1" })).status).toBe(404);
    expect((await call("get /v1/media/{id}/previews/{n}", { apiKey: owner.apiKey, id: ids["photo.png"], n: "-1" })).body.error.code).toBe("validation_error");

    const dir = mediaPreviewsDir({ accountId: owner.accountId, mediaId: ids["photo.png"]! });
    expect(await exists(dir)).toBe(true);
    expect((await call("delete /v1/media/{id}", { apiKey: owner.apiKey, id: ids["photo.png"] })).status).toBe(200);
    expect(await exists(dir)).toBe(false);
    expect((await call("get /v1/media/{id}/previews/{n}", { apiKey: owner.apiKey, id: ids["photo.png"], n: "0" })).status).toBe(404);

    // Deleting the collection takes the remaining media's previews with it.
    const svgDir = mediaPreviewsDir({ accountId: owner.accountId, mediaId: ids["drawing.svg"]! });
    expect(await exists(svgDir)).toBe(true);
    expect((await call("delete /v1/media/collections/{id}", { apiKey: owner.apiKey, id: "pictures/previews" })).status).toBe(200);
    expect(await exists(svgDir)).toBe(false);
  });

  it("keeps a video's key frames with their times, and a 3D model's rendered thumbnail", async () => {
    const owner = await newAccount();
    const ids = await upload(owner, [
      { name: "clip.mp4", content: await fixture("video/sample.mp4") },
      { name: "cube.stl", content: await fixture("model3d/cube.stl") },
    ]);
    const video = (await call("get /v1/media/{id}", { apiKey: owner.apiKey, id: ids["clip.mp4"] })).body.data;
    expect(video.previews.length).toBe(video.metadata.key_frames);
    expect(video.previews.length).toBeGreaterThan(0);
    for (const p of video.previews) expect(p).toMatchObject({ url: `/v1/media/${ids["clip.mp4"]}/previews/${p.index}`, start_s: expect.any(Number), label: expect.stringMatching(/^frame at /) });
    const last = await call("get /v1/media/{id}/previews/{n}", { apiKey: owner.apiKey, id: ids["clip.mp4"], n: String(video.previews.length - 1) });
    expect(last.headers.get("content-type")).toBe("image/webp");

    // Every model gets a thumbnail: it is drawn in-process, whatever the machine has installed.
    const model = (await call("get /v1/media/{id}", { apiKey: owner.apiKey, id: ids["cube.stl"] })).body.data;
    expect(model.metadata.thumbnail).toBe(true);
    expect(model.previews.map((p: { label: string }) => p.label)).toEqual(["thumbnail"]);
    const thumbnail = await call("get /v1/media/{id}/previews/{n}", { apiKey: owner.apiKey, id: ids["cube.stl"], n: "0" });
    expect(thumbnail.headers.get("content-type")).toBe("image/webp");
  });

  it("replaces the previews when the media is processed again with force_overwrite", async () => {
    const owner = await newAccount();
    const png = await fixture("images/sample.png");
    const first = await upload(owner, [{ name: "again.png", content: png }]);
    const dir = mediaPreviewsDir({ accountId: owner.accountId, mediaId: first["again.png"]! });
    // Something only the first run's folder has: a re-run must not keep it.
    await writeFile(path.join(dir, "7.webp"), "stale");

    const second = await upload(owner, [{ name: "again.png", content: png }], { force_overwrite: "true" });
    expect(second["again.png"]).toBe(first["again.png"]);
    expect((await readdir(dir)).sort()).toEqual(["0.webp", "previews.json"]);
    const again = await call("get /v1/media/{id}/previews/{n}", { apiKey: owner.apiKey, id: first["again.png"], n: "0" });
    expect(again.status).toBe(200);
    expect((await sharp(again.bytes).metadata()).format).toBe("webp");
  });
});
