import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { GET as listMediaRoute } from "@/app/v1/media/route";
import { DELETE as deleteMediaRoute, GET as getMediaRoute } from "@/app/v1/media/[id]/route";
import { DELETE as deleteBatchRoute } from "@/app/v1/media/batch/route";
import { startPostgresWorker, type RunningWorker } from "@/lib/jobs/postgres-worker";
import { MediaBatchDeletedResponse, MediaCreatedResponse, MediaDeletedResponse, MediaDetailResponse, MediaListResponse } from "@/lib/media/schemas";
import { countVectors, deleteVectorsOfMedia } from "@/lib/vectors/chroma";
import { ledgerOf, newAccount, waitForBatch } from "./helpers";
import { call, chunkRows, holdItemOf, keyWith, mediaRow, postMedia, readyMedia, uniqueText, vectorIds } from "./media-helpers";

let worker: RunningWorker;
beforeAll(async () => {
  worker = await startPostgresWorker({ concurrency: 2 });
});
afterAll(async () => {
  await worker.stop();
});

const getMedia = (apiKey: string, id: string, query = "") => call(getMediaRoute, { path: `/v1/media/${id}${query}`, apiKey, params: { id } });
const deleteMedia = (apiKey: string, id: string) => call(deleteMediaRoute, { method: "DELETE", path: `/v1/media/${id}`, apiKey, params: { id } });
const listMedia = (apiKey: string, query = "") => call(listMediaRoute, { path: `/v1/media${query}`, apiKey });
const deleteBatch = (apiKey: string, json: unknown) => call(deleteBatchRoute, { method: "DELETE", path: "/v1/media/batch", apiKey, json });

describe("POST /v1/media", () => {
  it("processes one file as a batch of one and answers with its media, item and batch", async () => {
    const { accountId, apiKey } = await newAccount({ credit: 1 });
    const content = uniqueText("upload-one");
    const { status, body } = await postMedia({ apiKey, files: [{ name: "one.txt", content }], fields: { collection_id: "docs/one" } });
    expect(status).toBe(200);
    MediaCreatedResponse.parse(body);
    expect(body.data).toMatchObject({ filename: "one.txt", media_type: "document", status: "queued", collection: "docs/one", cost_estimate: { total: 0.04 } });
    expect(body.data.media_id).toMatch(/^med_/);
    expect(body.data.item_id).toMatch(/^item_/);
    expect((await waitForBatch(accountId, body.data.batch_id)).status).toBe("completed");

    const detail = await getMedia(apiKey, body.data.media_id, "?include_chunks=true");
    expect(detail.status).toBe(200);
    MediaDetailResponse.parse(detail.body);
    expect(detail.body.data).toMatchObject({ media_id: body.data.media_id, status: "ready", collection: "docs/one", batch_id: body.data.batch_id, extension: ".txt", revision: 1 });
    expect(detail.body.data.chunks.length).toBe(detail.body.data.chunk_count);
    expect(detail.body.data.chunks.map((c: { chunk_index: number }) => c.chunk_index)).toEqual([...detail.body.data.chunks.keys()]);
    expect(detail.body.data.chunks.map((c: { text: string }) => c.text).join(" ")).toContain("lighthouse keeper");
    // Without include_chunks there are none.
    expect((await getMedia(apiKey, body.data.media_id)).body.data.chunks).toBeUndefined();

    // The same content again is a free duplicate of the same media.
    const again = await postMedia({ apiKey, files: [{ name: "copy.txt", content }], fields: { collection_id: "docs/one" } });
    expect(again.body.data).toMatchObject({ media_id: body.data.media_id, status: "skipped_duplicate", cost_estimate: { total: 0 } });
    expect((await ledgerOf(accountId)).map((e) => e.type)).toEqual(["adjustment", "charge"]);
  });

  const refusals: Array<{ name: string; status: number; code: string; files: Array<{ name: string; content: string }>; key?: "none" | "read"; check?: (body: any) => void }> = [
    {
      name: "two files",
      status: 400,
      code: "validation_error",
      files: [
        { name: "a.txt", content: "a" },
        { name: "b.txt", content: "b" },
      ],
      check: (body) => expect(body.error.details).toMatchObject({ max_allowed: 1, requested: 2 }),
    },
    { name: "no file", status: 400, code: "validation_error", files: [], check: (body) => expect(body.error.details).toMatchObject({ max_allowed: 1, requested: 0 }) },
    { name: "an unknown extension", status: 400, code: "invalid_media", files: [{ name: "tool.exe", content: "MZ" }] },
    { name: "a read-only key", status: 403, code: "forbidden", files: [{ name: "a.txt", content: "a" }], key: "read" },
    { name: "no key", status: 401, code: "unauthorized", files: [{ name: "a.txt", content: "a" }], key: "none" },
  ];
  for (const r of refusals) {
    it(`refuses ${r.name}: ${r.status} ${r.code}, charging nothing`, async () => {
      const { accountId, apiKey } = await newAccount({ credit: 1 });
      const key = r.key === "none" ? undefined : r.key === "read" ? await keyWith(accountId, ["read"]) : apiKey;
      const { status, body } = await postMedia({ apiKey: key, files: r.files });
      expect(status).toBe(r.status);
      expect(body).toMatchObject({ success: false, error: { code: r.code } });
      r.check?.(body);
      expect((await ledgerOf(accountId)).map((e) => e.type)).toEqual(["adjustment"]);
    });
  }
});

describe("GET /v1/media", () => {
  let owner: Awaited<ReturnType<typeof newAccount>>;
  const ids: string[] = [];
  beforeAll(async () => {
    owner = await newAccount({ credit: 1 });
    // Pending media are listed too; processing is not needed here, so the uploads just queue.
    for (const [name, collection] of [
      ["first.txt", "alpha"],
      ["second.md", "alpha"],
      ["third.txt", "beta/gamma"],
    ] as const) {
      const { body } = await postMedia({ apiKey: owner.apiKey, files: [{ name, content: uniqueText(name) }], fields: { collection_id: collection } });
      ids.push(body.data.media_id);
    }
  });

  const cases: Array<{ query: string; ids: (all: string[]) => string[]; total: number; pages: number }> = [
    { query: "", ids: (all) => [...all].reverse(), total: 3, pages: 1 },
    { query: "?page_size=2", ids: (all) => [all[2]!, all[1]!], total: 3, pages: 2 },
    { query: "?page_size=2&page=2", ids: (all) => [all[0]!], total: 3, pages: 2 },
    { query: "?page=5", ids: () => [], total: 3, pages: 1 },
    { query: "?media_type=document", ids: (all) => [...all].reverse(), total: 3, pages: 1 },
    { query: "?media_type=image", ids: () => [], total: 0, pages: 1 },
    { query: "?collection=alpha", ids: (all) => [all[1]!, all[0]!], total: 2, pages: 1 },
    { query: "?collection=beta/gamma&media_type=document", ids: (all) => [all[2]!], total: 1, pages: 1 },
    { query: "?collection=nope", ids: () => [], total: 0, pages: 1 },
  ];
  for (const c of cases) {
    it(`lists ${c.query || "everything"} newest first with totals`, async () => {
      const { status, body } = await listMedia(owner.apiKey, c.query);
      expect(status).toBe(200);
      MediaListResponse.parse(body);
      expect(body.data.media.map((m: { media_id: string }) => m.media_id)).toEqual(c.ids(ids));
      expect(body.data.pagination).toMatchObject({ total_items: c.total, total_pages: c.pages });
    });
  }

  it("shows each media's fields", async () => {
    const { body } = await listMedia(owner.apiKey, "?collection=beta/gamma");
    expect(body.data.media[0]).toMatchObject({ media_id: ids[2], filename: "third.txt", media_type: "document", extension: ".txt", status: expect.any(String), collection: "beta/gamma" });
    expect(body.data.media[0].checksum).toMatch(/^[0-9a-f]{64}$/);
  });

  for (const bad of ["?page_size=101", "?page_size=0", "?page=0", "?media_type=bogus", "?collection=bad%20name!", "?colour=blue"]) {
    it(`refuses ${bad} with validation_error`, async () => {
      const { status, body } = await listMedia(owner.apiKey, bad);
      expect(status).toBe(400);
      expect(body.error.code).toBe("validation_error");
    });
  }

  it("is empty for another account (and for a new one)", async () => {
    const stranger = await newAccount();
    const { status, body } = await listMedia(stranger.apiKey);
    expect(status).toBe(200);
    expect(body.data).toEqual({ media: [], pagination: { page: 1, page_size: 100, total_items: 0, total_pages: 1 } });
  });

  it("a read-only key may list; a key without read may not", async () => {
    expect((await listMedia(await keyWith(owner.accountId, ["read"]))).status).toBe(200);
    const { status, body } = await listMedia(await keyWith(owner.accountId, ["write"]));
    expect(status).toBe(403);
    expect(body.error.code).toBe("forbidden");
  });
});

describe("GET /v1/media/{id}", () => {
  it("answers 404 for another account's media and an unknown id; 400 for a bad include_chunks", async () => {
    const owner = await newAccount({ credit: 1 });
    const stranger = await newAccount();
    const { body } = await postMedia({ apiKey: owner.apiKey, files: [{ name: "mine.txt", content: uniqueText("mine") }] });
    const id = body.data.media_id as string;
    expect((await getMedia(owner.apiKey, id)).status).toBe(200);
    for (const [apiKey, mediaId] of [
      [stranger.apiKey, id],
      [owner.apiKey, "med_doesnotexist"],
    ] as const) {
      const res = await getMedia(apiKey, mediaId, "?include_chunks=true");
      expect(res.status).toBe(404);
      expect(res.body).toMatchObject({ success: false, error: { code: "not_found" } });
    }
    expect((await getMedia(owner.apiKey, id, "?include_chunks=maybe")).body.error.code).toBe("validation_error");
  });
});

describe("DELETE /v1/media/{id}", () => {
  it("removes the vectors, chunks and row of one media and leaves its neighbours alone", async () => {
    const { accountId, apiKey } = await newAccount({ credit: 1 });
    const gone = await readyMedia({ accountId, apiKey, name: "gone.txt", collection: "shared" });
    const kept = await readyMedia({ accountId, apiKey, name: "kept.txt", collection: "shared" });
    const row = (await mediaRow(gone))!;
    const collectionRowId = row.collectionId;
    const goneChunks = (await chunkRows(gone)).length;
    expect(goneChunks).toBeGreaterThan(1);
    expect((await vectorIds({ accountId, collectionRowId, mediaId: gone })).length).toBe(goneChunks);
    const before = await countVectors({ accountId, collectionRowId, space: "text" });

    const { status, body } = await deleteMedia(apiKey, gone);
    expect(status).toBe(200);
    MediaDeletedResponse.parse(body);
    expect(body.data).toEqual({ media_id: gone, deleted: true });

    expect(await vectorIds({ accountId, collectionRowId, mediaId: gone })).toEqual([]);
    expect(await countVectors({ accountId, collectionRowId, space: "text" })).toBe(before - goneChunks);
    expect(await chunkRows(gone)).toEqual([]);
    expect(await mediaRow(gone)).toBeNull();
    expect((await getMedia(apiKey, gone)).status).toBe(404);
    expect((await vectorIds({ accountId, collectionRowId, mediaId: kept })).length).toBe((await chunkRows(kept)).length);
    // Deleting again: it is gone.
    expect((await deleteMedia(apiKey, gone)).body.error.code).toBe("not_found");
  });

  it("finishes a delete that stopped after its vectors went: a retry is idempotent", async () => {
    const { accountId, apiKey } = await newAccount({ credit: 1 });
    const id = await readyMedia({ accountId, apiKey, name: "halfway.txt" });
    const { collectionId } = (await mediaRow(id))!;
    // The first half of deleteMedia, as if the process died right after it.
    await deleteVectorsOfMedia({ collectionRowId: collectionId, mediaIds: [id] });
    expect(await mediaRow(id)).not.toBeNull();
    const { status, body } = await deleteMedia(apiKey, id);
    expect(status).toBe(200);
    expect(body.data).toEqual({ media_id: id, deleted: true });
    expect(await mediaRow(id)).toBeNull();
    expect(await chunkRows(id)).toEqual([]);
    expect(await vectorIds({ accountId, collectionRowId: collectionId, mediaId: id })).toEqual([]);
  });

  it("refuses keys without delete (403), another account (404) and media still processing (400), touching nothing", async () => {
    const { accountId, apiKey } = await newAccount({ credit: 1 });
    const stranger = await newAccount();
    const id = await readyMedia({ accountId, apiKey, name: "guarded.txt" });
    const row = (await mediaRow(id))!;
    const vectors = (await vectorIds({ accountId, collectionRowId: row.collectionId, mediaId: id })).length;
    const attempts: Array<{ apiKey: string; status: number; code: string; before?: () => Promise<void>; after?: () => Promise<void> }> = [
      { apiKey: await keyWith(accountId, ["read"]), status: 403, code: "forbidden" },
      { apiKey: await keyWith(accountId, ["read", "write"]), status: 403, code: "forbidden" },
      { apiKey: stranger.apiKey, status: 404, code: "not_found" },
      { apiKey, status: 400, code: "validation_error", before: () => holdItemOf(id, "processing"), after: () => holdItemOf(id, "succeeded") },
      { apiKey, status: 400, code: "validation_error", before: () => holdItemOf(id, "queued"), after: () => holdItemOf(id, "succeeded") },
    ];
    for (const a of attempts) {
      await a.before?.();
      const { status, body } = await deleteMedia(a.apiKey, id);
      await a.after?.();
      expect(status, a.code).toBe(a.status);
      expect(body.error.code).toBe(a.code);
      expect(await mediaRow(id)).not.toBeNull();
      expect((await vectorIds({ accountId, collectionRowId: row.collectionId, mediaId: id })).length).toBe(vectors);
      expect((await chunkRows(id)).length).toBe(vectors);
    }
  });
});

describe("DELETE /v1/media/batch", () => {
  it("deletes what it may and lists every failure with its reason", async () => {
    const { accountId, apiKey } = await newAccount({ credit: 1 });
    const stranger = await newAccount({ credit: 1 });
    const a = await readyMedia({ accountId, apiKey, name: "a.txt", collection: "bulk" });
    const b = await readyMedia({ accountId, apiKey, name: "b.txt", collection: "bulk" });
    const busy = await readyMedia({ accountId, apiKey, name: "busy.txt", collection: "bulk" });
    const foreign = await readyMedia({ accountId: stranger.accountId, apiKey: stranger.apiKey, name: "theirs.txt", collection: "bulk" });
    const collectionRowId = (await mediaRow(a))!.collectionId;
    const foreignRow = (await mediaRow(foreign))!;
    const foreignVectors = (await vectorIds({ accountId: stranger.accountId, collectionRowId: foreignRow.collectionId, mediaId: foreign })).length;
    expect(foreignVectors).toBeGreaterThan(0);

    await holdItemOf(busy, "processing");
    const { status, body } = await deleteBatch(apiKey, { media_ids: [a, foreign, b, "med_unknown", busy, a], reason: "cleanup" });
    await holdItemOf(busy, "succeeded");
    expect(status).toBe(200);
    MediaBatchDeletedResponse.parse(body);
    expect(body.data).toMatchObject({ deleted: 2, failed: 3, deleted_ids: [a, b], reason: "cleanup" });
    expect(body.data.failures.map((f: { media_id: string; error: { code: string } }) => [f.media_id, f.error.code])).toEqual([
      [foreign, "not_found"],
      ["med_unknown", "not_found"],
      [busy, "validation_error"],
    ]);
    for (const id of [a, b]) {
      expect(await mediaRow(id)).toBeNull();
      expect(await chunkRows(id)).toEqual([]);
      expect(await vectorIds({ accountId, collectionRowId, mediaId: id })).toEqual([]);
    }
    expect(await mediaRow(busy)).not.toBeNull();
    expect((await vectorIds({ accountId, collectionRowId, mediaId: busy })).length).toBeGreaterThan(0);
    // Another account's media is never deleted.
    expect(await mediaRow(foreign)).not.toBeNull();
    expect((await vectorIds({ accountId: stranger.accountId, collectionRowId: foreignRow.collectionId, mediaId: foreign })).length).toBe(foreignVectors);
  });

  const invalid: Array<{ name: string; json: unknown }> = [
    { name: "101 ids", json: { media_ids: Array.from({ length: 101 }, (_, i) => `med_${i}`) } },
    { name: "no ids", json: { media_ids: [] } },
    { name: "a missing media_ids", json: { reason: "x" } },
    { name: "an unknown key", json: { media_ids: ["med_x"], force: true } },
    { name: "a body that is not JSON", json: "{nope" },
  ];
  for (const c of invalid) {
    it(`refuses ${c.name} with validation_error`, async () => {
      const { apiKey } = await newAccount();
      const { status, body } = await deleteBatch(apiKey, c.json);
      expect(status).toBe(400);
      expect(body.error.code).toBe("validation_error");
    });
  }

  it("needs the delete capability", async () => {
    const { accountId } = await newAccount();
    const { status, body } = await deleteBatch(await keyWith(accountId, ["read", "write"]), { media_ids: ["med_x"] });
    expect(status).toBe(403);
    expect(body.error.code).toBe("forbidden");
  });
});
