import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getDb } from "@/db/client";
import { getCollectionByRowId, recordSpaceModel } from "@/db/queries/collections";
import { getMediaRow } from "@/db/queries/items";
import { POST as search } from "@/app/v1/search/route";
import { POST as similar } from "@/app/v1/search/similar/route";
import { startPostgresWorker, type RunningWorker } from "@/lib/jobs/postgres-worker";
import { embedPictures } from "@/lib/pipeline/embed-item";
import { storePictureVectors } from "@/lib/pipeline/store-pictures";
import { countVectors, getMediaVectors } from "@/lib/vectors/chroma";
import { writeTestPictures } from "@/test/support/pictures";
import { itemsOf, newAccount, postBatch, waitForBatch } from "./helpers";

// No extractor on this branch yields pictures yet, so the visual space is exercised through
// the functions process-item calls (embedPictures, storePictureVectors) with real pictures.
let worker: RunningWorker;
let owner: { accountId: string; apiKey: string };
let dir: string;
let pics: Awaited<ReturnType<typeof writeTestPictures>>;
const media: Record<string, { id: string; batchId: string; collectionId: string }> = {};

const DOCS = {
  "house.txt": "A survey of a small house on a green hill under a blue sky.",
  "house-copy.txt": "Quarterly accounts of the harbour authority, audited and filed.",
  "stripes.txt": "Notes about a house survey and the weather on the hill.",
};

async function attach(filename: keyof typeof DOCS, files: string[]) {
  const m = media[filename]!;
  const collection = (await getCollectionByRowId(getDb(), { id: m.collectionId }))!;
  const pictures = files.map((p, i) => ({ path: p, label: `frame ${i}`, startS: i * 2.5 }));
  const embeddings = await embedPictures(getDb(), { collection, pictures });
  const row = await getMediaRow(getDb(), { mediaId: m.id });
  return storePictureVectors({
    item: { accountId: owner.accountId, batchId: m.batchId, filename, mediaId: m.id },
    collection,
    category: "document",
    pictures,
    embeddings,
    userMetadata: { team: "visual" },
    mediaCreatedAt: Math.floor(row!.createdAt.getTime() / 1000),
  });
}

async function imageSearch(file: { bytes: Buffer; name: string } | null, options?: unknown) {
  const form = new FormData();
  if (file) form.append("image", new Blob([new Uint8Array(file.bytes)]), file.name);
  if (options !== undefined) form.append("options", typeof options === "string" ? options : JSON.stringify(options));
  const response = await search(new Request("http://tessera.test/v1/search", { method: "POST", headers: { "x-api-key": owner.apiKey }, body: form }), {
    params: Promise.resolve({}),
  });
  return { status: response.status, body: (await response.json()) as any };
}

beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), "tessera-visual-"));
  pics = await writeTestPictures(dir);
  worker = await startPostgresWorker({ concurrency: 2 });
  owner = await newAccount({ credit: 5 });
  const batch = await postBatch({ apiKey: owner.apiKey, files: Object.entries(DOCS).map(([name, content]) => ({ name, content })), fields: { collection_id: "gallery" } });
  await waitForBatch(owner.accountId, batch.body.data.batch_id);
  for (const item of await itemsOf(batch.body.data.batch_id)) {
    const row = await getMediaRow(getDb(), { mediaId: item.mediaId! });
    media[item.filename] = { id: row!.id, batchId: item.batchId, collectionId: row!.collectionId };
  }
  expect(await attach("house.txt", [pics.unrelated, pics.scene])).toBe(2);
  expect(await attach("house-copy.txt", [pics.nearDuplicate])).toBe(1);
  expect(await attach("stripes.txt", [pics.unrelated])).toBe(1);
});

afterAll(async () => {
  await worker.stop();
  await rm(dir, { recursive: true, force: true });
});

describe("visual space", () => {
  it("records the visual model on the collection and stores ids, metadata and labels per picture", async () => {
    const collection = await getCollectionByRowId(getDb(), { id: media["house.txt"]!.collectionId });
    expect(collection).toMatchObject({ visualProvider: "offline", visualModel: "mobilenet-v2-nsfwjs", visualDimension: 1280 });
    const stored = await getMediaVectors({ accountId: owner.accountId, collectionRowId: collection!.id, space: "visual", mediaId: media["house.txt"]!.id });
    expect([...stored.ids].sort()).toEqual([`${media["house.txt"]!.id}:v0`, `${media["house.txt"]!.id}:v1`]);
    expect(stored.metadatas.find((m) => m?.chunk_index === 1)).toMatchObject({
      media_id: media["house.txt"]!.id,
      batch_id: media["house.txt"]!.batchId,
      filename: "house.txt",
      media_type: "document",
      label: "frame 1",
      start_s: 2.5,
      team: "visual",
    });
    expect(typeof stored.metadatas[0]?.created_at).toBe("number");
  });

  it("finds pictures with an image query: the frame, its time and cosine similarity", async () => {
    const { status, body } = await imageSearch({ bytes: await readFile(pics.nearDuplicate), name: "query.jpg" }, { collections: "gallery", max_results: 3 });
    expect(status).toBe(200);
    expect(body.data.query).toBeNull();
    const [top, second] = body.data.results;
    expect(top).toMatchObject({ media_id: media["house-copy.txt"]!.id, space: "visual", filename: "house-copy.txt", media_type: "document", collection: "gallery" });
    expect(top.score).toBeGreaterThan(0.99);
    expect(second).toMatchObject({ media_id: media["house.txt"]!.id, space: "visual", chunk: { index: 1, label: "frame 1", start_s: 2.5 } });
    expect(second.score).toBeGreaterThan(0.8);
    expect(body.data.results[2].score).toBeLessThan(second.score - 0.15);
  });

  it("applies options to an image query: min_score and filters", async () => {
    const bytes = await readFile(pics.scene);
    const strict = await imageSearch({ bytes, name: "q.png" }, { min_score: 0.8 });
    expect(strict.body.data.results.map((r: any) => r.filename).sort()).toEqual(["house-copy.txt", "house.txt"]);
    const filtered = await imageSearch({ bytes, name: "q.png" }, { filters: { metadata: { team: "nobody" } } });
    expect(filtered.body.data.results).toEqual([]);
  });

  it.each([
    ["no image", null, undefined, "validation_error"],
    ["a text file named .png", { bytes: Buffer.from("hello, not a picture"), name: "x.png" }, undefined, "invalid_media"],
    ["a truncated PNG", { bytes: Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0]), name: "x.png" }, undefined, "invalid_media"],
    ["options that are not JSON", "scene", "{", "validation_error"],
    ["an unknown option", "scene", { query: "cats" }, "validation_error"],
  ] as const)("refuses %s", async (_name, file, options, code) => {
    const image = file === "scene" ? { bytes: await readFile(pics.scene), name: "q.png" } : file;
    const result = await imageSearch(image, options);
    expect(result.status).toBe(400);
    expect(result.body.error.code).toBe(code);
  });

  it("similar considers the visual space: the media with the near-duplicate picture ranks first", async () => {
    const response = await similar(
      new Request("http://tessera.test/v1/search/similar", {
        method: "POST",
        headers: { "x-api-key": owner.apiKey, "content-type": "application/json" },
        body: JSON.stringify({ media_id: media["house-copy.txt"]!.id, collections: "gallery" }),
      }),
      { params: Promise.resolve({}) },
    );
    const body = (await response.json()) as any;
    expect(body.data.results[0]).toMatchObject({ media_id: media["house.txt"]!.id, space: "visual" });
    expect(body.data.results.map((r: any) => r.media_id)).not.toContain(media["house-copy.txt"]!.id);
  });

  it("replaces a media's pictures on reprocess, and removes them when none remain", async () => {
    const collectionRowId = media["house.txt"]!.collectionId;
    const before = await countVectors({ accountId: owner.accountId, collectionRowId, space: "visual" });
    expect(await attach("house.txt", [pics.scene])).toBe(1);
    expect(await countVectors({ accountId: owner.accountId, collectionRowId, space: "visual" })).toBe(before - 1);
    expect(await attach("house.txt", [])).toBe(0);
    const left = await getMediaVectors({ accountId: owner.accountId, collectionRowId, space: "visual", mediaId: media["house.txt"]!.id });
    expect(left.ids).toEqual([]);
  });

  it("refuses pictures for a collection whose visual space holds another model, per item", async () => {
    const other = await postBatch({ apiKey: owner.apiKey, files: [{ name: "n.txt", content: "notes" }], fields: { collection_id: "clip-photos" } });
    await waitForBatch(owner.accountId, other.body.data.batch_id);
    const [item] = await itemsOf(other.body.data.batch_id);
    const row = await getMediaRow(getDb(), { mediaId: item!.mediaId! });
    await recordSpaceModel(getDb(), { id: row!.collectionId, space: "visual", provider: "transformers", model: "clip-vit-base-patch32", dimension: 512 });
    const collection = (await getCollectionByRowId(getDb(), { id: row!.collectionId }))!;
    const refused = embedPictures(getDb(), { collection, pictures: [{ path: pics.scene }] });
    await expect(refused).rejects.toMatchObject({ name: "ItemError", code: "embedding_model_mismatch" });
    await expect(refused).rejects.toThrow("transformers/clip-vit-base-patch32 (512-d); this server embeds with offline/mobilenet-v2-nsfwjs (1280-d)");
  });
});
