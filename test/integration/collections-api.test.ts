import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { eq } from "drizzle-orm";
import { getDb } from "@/db/client";
import { batches, chunks, collections, media } from "@/db/schema";
import { GET as listCollectionsRoute } from "@/app/v1/media/collections/route";
import { DELETE as deleteCollectionRoute, POST as moveRoute } from "@/app/v1/media/collections/[...id]/route";
import { GET as getMediaRoute } from "@/app/v1/media/[id]/route";
import { POST as searchRoute } from "@/app/v1/search/route";
import { CollectionDeletedResponse, CollectionListResponse, MediaMovedResponse } from "@/lib/collections/schemas";
import { startPostgresWorker, type RunningWorker } from "@/lib/jobs/postgres-worker";
import { copyVectorsOfMedia, countAllVectors, countVectors, getMediaVectors } from "@/lib/vectors/chroma";
import { claimTextModel, claimVisualModel, getCollectionByRowId, getOrCreateCollection } from "@/db/queries/collections";
import { newId } from "@/lib/ids";
import { ledgerOf, newAccount } from "./helpers";
import { call, chunkRows, holdItemOf, keyWith, mediaInCollection, mediaRow, readyMedia, uniqueText, vectorIds } from "./media-helpers";

let worker: RunningWorker;
beforeAll(async () => {
  worker = await startPostgresWorker({ concurrency: 2 });
});
afterAll(async () => {
  await worker.stop();
});

/** Path segments as Next 16 passes them to a catch-all (route-matcher.js): split on '/', then each decoded, so "a%2Fb" is one segment "a/b". */
const segments = (pathName: string) => pathName.split("/").map((s) => decodeURIComponent(s));
const move = (apiKey: string, pathName: string, json: unknown) =>
  call(moveRoute, { method: "POST", path: `/v1/media/collections/${pathName}`, apiKey, params: { id: segments(pathName) }, json });
const deleteCollection = (apiKey: string, pathName: string) =>
  call(deleteCollectionRoute, { method: "DELETE", path: `/v1/media/collections/${pathName}`, apiKey, params: { id: segments(pathName) } });
const listCollections = (apiKey: string) => call(listCollectionsRoute, { path: "/v1/media/collections", apiKey });

async function collectionRow(accountId: string, name: string) {
  return (await getDb().query.collections.findFirst({ where: (c, { and, eq }) => and(eq(c.accountId, accountId), eq(c.name, name)) })) ?? null;
}

/** Where a media's rows and vectors are: collection of its row and chunks, vector ids per collection. */
async function whereIs(accountId: string, mediaId: string, collectionRowIds: string[]) {
  const row = await mediaRow(mediaId);
  const chunkCollections = [...new Set((await chunkRows(mediaId)).map((c) => c.collectionId))];
  const vectors: Record<string, number> = {};
  for (const id of collectionRowIds) vectors[id] = (await vectorIds({ accountId, collectionRowId: id, mediaId })).length;
  return { collection: row?.collectionId, chunkCollections, vectors };
}

describe("GET /v1/media/collections", () => {
  it("lists the account's collections with ready items, chunks and created_at; nothing of other accounts", async () => {
    const { accountId, apiKey } = await newAccount({ credit: 1 });
    const stranger = await newAccount({ credit: 1 });
    const a1 = await readyMedia({ accountId, apiKey, name: "a1.txt", collection: "team/a" });
    const a2 = await readyMedia({ accountId, apiKey, name: "a2.txt", collection: "team/a" });
    await readyMedia({ accountId: stranger.accountId, apiKey: stranger.apiKey, name: "s.txt", collection: "team/a" });
    // A media not processed yet is not counted (inserted directly: a real upload would race the worker).
    const zeta = await getOrCreateCollection(getDb(), { id: newId("col"), accountId, name: "zeta" });
    await getDb().insert(media).values({ id: newId("med"), accountId, collectionId: zeta.id, filename: "p.txt", extension: ".txt", mediaType: "document", sizeBytes: 1, checksum: "0".repeat(64) });

    const { status, body } = await listCollections(await keyWith(accountId, ["read"]));
    expect(status).toBe(200);
    CollectionListResponse.parse(body);
    const chunksA = (await chunkRows(a1)).length + (await chunkRows(a2)).length;
    expect(body.data.collections.map((c: { collection_id: string }) => c.collection_id)).toEqual(["team/a", "zeta"]);
    expect(body.data.collections[0]).toMatchObject({ collection_id: "team/a", item_count: 2, chunk_count: chunksA });
    expect(body.data.collections[1]).toMatchObject({ collection_id: "zeta", item_count: 0, chunk_count: 0 });
    expect(new Date(body.data.collections[0].created_at).getTime()).toBeGreaterThan(Date.now() - 600_000);

    const theirs = await listCollections(stranger.apiKey);
    expect(theirs.body.data.collections).toMatchObject([{ collection_id: "team/a", item_count: 1 }]);
    expect((await listCollections((await newAccount()).apiKey)).body.data).toEqual({ collections: [] });
    expect((await listCollections(await keyWith(accountId, ["write"]))).status).toBe(403);
  });
});

describe("POST /v1/media/collections/{id}/items", () => {
  let owner: Awaited<ReturnType<typeof newAccount>>;
  let stranger: Awaited<ReturnType<typeof newAccount>>;
  let m1: string, m2: string, dup: string, foreign: string;
  let src: string;
  const sharedContent = uniqueText("shared content");
  beforeAll(async () => {
    owner = await newAccount({ credit: 1 });
    stranger = await newAccount({ credit: 1 });
    m1 = await readyMedia({ ...owner, name: "m1.txt", collection: "src" });
    m2 = await readyMedia({ ...owner, name: "m2.txt", collection: "src", content: sharedContent });
    dup = await readyMedia({ ...owner, name: "dup.txt", collection: "other/place", content: sharedContent });
    foreign = await readyMedia({ ...stranger, name: "f.txt", collection: "src" });
    src = (await collectionRow(owner.accountId, "src"))!.id;
  });

  it("moves media with their chunks and vectors into a new collection named with an encoded '/'", async () => {
    const before = await whereIs(owner.accountId, m1, [src]);
    expect(before.vectors[src]).toBeGreaterThan(0);
    const { status, body } = await move(owner.apiKey, "dest%2Fsub/items", { media_ids: [m1, m2, m1] });
    expect(status).toBe(200);
    MediaMovedResponse.parse(body);
    expect(body.data).toMatchObject({ collection_id: "dest/sub", created: true, moved: 2, moved_ids: [m1, m2], already_in_collection: [] });
    const dest = (await collectionRow(owner.accountId, "dest/sub"))!;
    expect(dest.textModel).toBe((await collectionRow(owner.accountId, "src"))!.textModel);
    let vectorsMoved = 0;
    for (const id of [m1, m2]) {
      const n = (await chunkRows(id)).length;
      vectorsMoved += n;
      expect(await whereIs(owner.accountId, id, [src, dest.id])).toEqual({ collection: dest.id, chunkCollections: [dest.id], vectors: { [src]: 0, [dest.id]: n } });
      const vectors = await getMediaVectors({ accountId: owner.accountId, collectionRowId: dest.id, space: "text", mediaId: id });
      expect(vectors.metadatas.every((m) => m?.collection === "dest/sub")).toBe(true);
    }
    expect(body.data.vectors_moved).toBe(vectorsMoved);
    // Search (vector only, so Chroma answers) finds them in the target and no longer in the source.
    const search = (collection: string) =>
      call(searchRoute, { method: "POST", path: "/v1/search", apiKey: owner.apiKey, json: { query: "lighthouse keeper counted gulls", collections: collection, lexical_weight: 0 } });
    expect((await search("dest/sub")).body.data.results.map((r: { media_id: string }) => r.media_id).sort()).toEqual([m1, m2].sort());
    expect((await search("src")).body.data.results).toEqual([]);
    const detail = await call(getMediaRoute, { path: `/v1/media/${m1}`, apiKey: owner.apiKey, params: { id: m1 } });
    expect(detail.body.data.collection).toBe("dest/sub");

    // Plain segments reach the same collection; moving what is already there changes nothing.
    const again = await move(owner.apiKey, "dest/sub/items", { media_ids: [m1] });
    expect(again.body.data).toMatchObject({ created: false, moved: 0, already_in_collection: [m1] });
    // And back, into the existing collection.
    const back = await move(owner.apiKey, "src/items", { media_ids: [m1, m2] });
    expect(back.body.data).toMatchObject({ collection_id: "src", created: false, moved: 2 });
    expect(await whereIs(owner.accountId, m1, [src, dest.id])).toMatchObject({ collection: src, vectors: { [src]: (await chunkRows(m1)).length, [dest.id]: 0 } });
  });

  it("completes a move that stopped after copying vectors, without duplicating them", async () => {
    const id = await readyMedia({ ...owner, name: "interrupted.txt", collection: "src" });
    const n = (await chunkRows(id)).length;
    const target = await getOrCreateCollection(getDb(), { id: newId("col"), accountId: owner.accountId, name: "resumed" });
    const source = (await getCollectionByRowId(getDb(), { id: src }))!;
    // The first steps of moveMedia (the target takes the source's model, vectors are copied),
    // as if the process died right after them: the rows stay in src.
    await claimTextModel(getDb(), { id: target.id, provider: source.textProvider!, model: source.textModel!, dimension: source.textDimension! });
    await copyVectorsOfMedia({ accountId: owner.accountId, fromCollectionRowId: src, toCollectionRowId: target.id, toCollectionName: "resumed", mediaIds: [id] });
    expect(await whereIs(owner.accountId, id, [src, target.id])).toEqual({ collection: src, chunkCollections: [src], vectors: { [src]: n, [target.id]: n } });
    const { status, body } = await move(owner.apiKey, "resumed/items", { media_ids: [id] });
    expect(status).toBe(200);
    expect(body.data).toMatchObject({ created: false, moved: 1, vectors_moved: n });
    expect(await whereIs(owner.accountId, id, [src, target.id])).toEqual({ collection: target.id, chunkCollections: [target.id], vectors: { [src]: 0, [target.id]: n } });
    expect(await countVectors({ accountId: owner.accountId, collectionRowId: target.id, space: "text" })).toBe(n);
  });

  describe("refuses a target whose embedding model differs from the media's, for each space", () => {
    const cases = [
      { space: "text", claim: claimTextModel, other: { provider: "openai", model: "text-embedding-3-small", dimension: 1536 } },
      { space: "visual", claim: claimVisualModel, other: { provider: "transformers", model: "clip-vit-base-patch32", dimension: 512 } },
    ] as const;
    for (const c of cases) {
      it(`${c.space}: 400 validation_error naming both models, and nothing moves`, async () => {
        const from = `mismatch-${c.space}/from`;
        const id = await readyMedia({ ...owner, name: `${c.space}.txt`, collection: from });
        const source = (await collectionRow(owner.accountId, from))!;
        // Text media never fill the visual space; a source that holds pictures has it claimed.
        if (c.space === "visual") await claimVisualModel(getDb(), { id: source.id, provider: "nsfwjs", model: "mobilenet_v2_features", dimension: 1280 });
        const target = await getOrCreateCollection(getDb(), { id: newId("col"), accountId: owner.accountId, name: `mismatch-${c.space}/to` });
        await c.claim(getDb(), { id: target.id, ...c.other });
        const before = await whereIs(owner.accountId, id, [source.id, target.id]);

        const { status, body } = await move(owner.apiKey, `mismatch-${c.space}%2Fto/items`, { media_ids: [id] });
        expect(status).toBe(400);
        expect(body.error.code).toBe("validation_error");
        expect(body.error.details.space).toBe(c.space);
        expect(body.error.details.models).toEqual(expect.arrayContaining([c.other.model]));
        expect(body.error.details.models).toHaveLength(2);
        expect(await whereIs(owner.accountId, id, [source.id, target.id])).toEqual(before);
      });
    }
  });

  const refusals: Array<{ name: string; status: number; code: string; path: string; ids: () => unknown; key?: "read"; hold?: () => string; check?: (body: any) => void }> = [
    { name: "one unknown id", status: 404, code: "not_found", path: "target/items", ids: () => [m1, "med_unknown"], check: (b) => expect(b.error.details.missing_ids).toEqual(["med_unknown"]) },
    { name: "one id of another account", status: 404, code: "not_found", path: "target/items", ids: () => [m1, foreign], check: (b) => expect(b.error.details.missing_ids).toEqual([foreign]) },
    {
      name: "content already in the target",
      status: 400,
      code: "validation_error",
      path: "other%2Fplace/items",
      ids: () => [m1, m2],
      check: (b) => expect(b.error.details.conflicts).toEqual([{ media_id: m2, checksum: expect.any(String), conflicts_with: dup }]),
    },
    { name: "media still processing", status: 400, code: "validation_error", path: "target/items", ids: () => [m1, m2], hold: () => m2 },
    { name: "101 ids", status: 400, code: "validation_error", path: "target/items", ids: () => Array.from({ length: 101 }, () => m1) },
    { name: "an invalid collection name", status: 400, code: "validation_error", path: "bad%20name!/items", ids: () => [m1] },
    { name: "a '..' segment", status: 400, code: "validation_error", path: "a/../b/items", ids: () => [m1] },
    { name: "a path without /items", status: 404, code: "not_found", path: "target", ids: () => [m1] },
    { name: "a read-only key", status: 403, code: "forbidden", path: "target/items", ids: () => [m1], key: "read" },
  ];
  for (const r of refusals) {
    it(`refuses ${r.name} (${r.status} ${r.code}) and moves nothing`, async () => {
      const before = await Promise.all([m1, m2, dup, foreign].map((id) => whereIs(owner.accountId, id, [src])));
      const held = r.hold?.();
      if (held) await holdItemOf(held, "processing");
      const apiKey = r.key ? await keyWith(owner.accountId, ["read"]) : owner.apiKey;
      const { status, body } = await move(apiKey, r.path, { media_ids: r.ids() });
      if (held) await holdItemOf(held, "succeeded");
      expect(status).toBe(r.status);
      expect(body.error.code).toBe(r.code);
      r.check?.(body);
      expect(await Promise.all([m1, m2, dup, foreign].map((id) => whereIs(owner.accountId, id, [src])))).toEqual(before);
      expect(await collectionRow(owner.accountId, "target")).toBeNull();
    });
  }
});

describe("DELETE /v1/media/collections/{id}", () => {
  it("deletes the collection with its media, chunks, batches and vectors; keeps the ledger", async () => {
    const { accountId, apiKey } = await newAccount({ credit: 1 });
    const ids = [await readyMedia({ accountId, apiKey, name: "x.txt", collection: "old/stuff" }), await readyMedia({ accountId, apiKey, name: "y.txt", collection: "old/stuff" })];
    const kept = await readyMedia({ accountId, apiKey, name: "z.txt", collection: "keep" });
    const col = (await collectionRow(accountId, "old/stuff"))!;
    expect(await countVectors({ accountId, collectionRowId: col.id, space: "text" })).toBeGreaterThan(0);
    const ledgerBefore = await ledgerOf(accountId);

    const { status, body } = await deleteCollection(apiKey, "old%2Fstuff");
    expect(status).toBe(200);
    CollectionDeletedResponse.parse(body);
    expect(body.data).toEqual({ collection_id: "old/stuff", deleted: true, media_deleted: 2 });

    expect(await countAllVectors({ collectionRowId: col.id })).toBe(0);
    expect(await collectionRow(accountId, "old/stuff")).toBeNull();
    expect(await mediaInCollection(col.id)).toEqual([]);
    expect(await getDb().select().from(chunks).where(eq(chunks.collectionId, col.id))).toEqual([]);
    expect(await getDb().select().from(batches).where(eq(batches.collectionId, col.id))).toEqual([]);
    for (const id of ids) expect(await mediaRow(id)).toBeNull();
    expect(await ledgerOf(accountId)).toEqual(ledgerBefore);
    const keep = (await collectionRow(accountId, "keep"))!;
    expect((await vectorIds({ accountId, collectionRowId: keep.id, mediaId: kept })).length).toBe((await chunkRows(kept)).length);
    expect((await listCollections(apiKey)).body.data.collections.map((c: { collection_id: string }) => c.collection_id)).toEqual(["keep"]);
    expect((await deleteCollection(apiKey, "old/stuff")).status).toBe(404);
  });

  it("refuses another account (404), keys without delete (403) and a collection with items processing (400), deleting nothing", async () => {
    const { accountId, apiKey } = await newAccount({ credit: 1 });
    const stranger = await newAccount();
    const id = await readyMedia({ accountId, apiKey, name: "w.txt", collection: "guarded" });
    const col = (await collectionRow(accountId, "guarded"))!;
    const vectors = await countVectors({ accountId, collectionRowId: col.id, space: "text" });
    const attempts: Array<{ apiKey: string; path: string; status: number; code: string; hold?: boolean }> = [
      { apiKey: stranger.apiKey, path: "guarded", status: 404, code: "not_found" },
      { apiKey, path: "never-made", status: 404, code: "not_found" },
      { apiKey: await keyWith(accountId, ["read"]), path: "guarded", status: 403, code: "forbidden" },
      { apiKey: await keyWith(accountId, ["read", "write"]), path: "guarded", status: 403, code: "forbidden" },
      { apiKey, path: "guarded", status: 400, code: "validation_error", hold: true },
      { apiKey, path: "bad%20name!", status: 400, code: "validation_error" },
    ];
    for (const a of attempts) {
      if (a.hold) await holdItemOf(id, "processing");
      const { status, body } = await deleteCollection(a.apiKey, a.path);
      if (a.hold) await holdItemOf(id, "succeeded");
      expect(status, `${a.path} ${a.code}`).toBe(a.status);
      expect(body.error.code).toBe(a.code);
      expect(await collectionRow(accountId, "guarded")).not.toBeNull();
      expect(await mediaRow(id)).not.toBeNull();
      expect(await countVectors({ accountId, collectionRowId: col.id, space: "text" })).toBe(vectors);
    }
    expect(await getDb().select().from(collections).where(eq(collections.id, col.id))).toHaveLength(1);
    expect(await getDb().select().from(media).where(eq(media.collectionId, col.id))).toHaveLength(1);
  });
});
