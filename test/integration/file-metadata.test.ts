import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { readFile } from "node:fs/promises";
import path from "node:path";
import { eq, sql } from "drizzle-orm";
import { getDb } from "@/db/client";
import { media } from "@/db/schema";
import { startPostgresWorker, type RunningWorker } from "@/lib/jobs/postgres-worker";
import { getMediaVectors } from "@/lib/vectors/chroma";
import { call, textForm } from "./api-client";
import { itemsOf, newAccount, waitForBatch } from "./helpers";
import { holdItemOf, keyWith, mediaRow } from "./media-helpers";

let worker: RunningWorker;
let owner: { accountId: string; apiKey: string };
const ids: Record<string, string> = {};

const DOCS = {
  "atlas.txt": "The atlas maps every river delta of the northern coast, with tide tables for each harbour.",
  "budget.txt": "The budget lists invoices, payroll and the rent of the warehouse for the coming quarter.",
  "cookbook.txt": "The cookbook explains how to braise leeks slowly in butter and white wine.",
};

const upload = (apiKey: string, fields: Record<string, string>, files = Object.entries(DOCS).map(([name, content]) => ({ name, content }))) =>
  call("post /v1/batches", { apiKey, form: textForm(files, fields) });

async function vectorMetadata(mediaId: string) {
  const row = (await mediaRow(mediaId))!;
  const text = await getMediaVectors({ accountId: row.accountId, collectionRowId: row.collectionId, space: "text", mediaId });
  expect(text.metadatas.length).toBeGreaterThan(0);
  return text.metadatas;
}

beforeAll(async () => {
  worker = await startPostgresWorker({ concurrency: 2 });
  owner = await newAccount({ credit: 5 });
  const { status, body } = await upload(owner.apiKey, {
    collection_id: "meta/docs",
    batch_options: JSON.stringify({ metadata: { team: "alpha", year: 2020 } }),
    file_metadata: JSON.stringify({
      "atlas.txt": { attributes: { owner: "ana", year: 2024, score: 4.5, public: true }, external_id: "doc-atlas" },
      "budget.txt": { attributes: { team: null } },
    }),
  });
  expect(status, JSON.stringify(body)).toBe(200);
  await waitForBatch(owner.accountId, body.data.batch_id);
  for (const item of await itemsOf(body.data.batch_id)) ids[item.filename] = item.mediaId!;
});

afterAll(async () => {
  await worker.stop();
});

describe("per-file attributes at upload", () => {
  it("merge file_metadata over batch_options.metadata (null drops a batch key), and are returned by the media endpoints", async () => {
    const atlas = await call("get /v1/media/{id}", { apiKey: owner.apiKey, id: ids["atlas.txt"] });
    expect(atlas.body.data).toMatchObject({ attributes: { team: "alpha", year: 2024, owner: "ana", score: 4.5, public: true }, external_id: "doc-atlas" });
    const budget = await call("get /v1/media/{id}", { apiKey: owner.apiKey, id: ids["budget.txt"] });
    expect(budget.body.data).toMatchObject({ attributes: { year: 2020 }, external_id: null });
    const cookbook = await call("get /v1/media/{id}", { apiKey: owner.apiKey, id: ids["cookbook.txt"] });
    expect(cookbook.body.data.attributes).toEqual({ team: "alpha", year: 2020 });
    // Extraction facts stay apart from the client's attributes.
    expect(atlas.body.data.metadata).not.toHaveProperty("owner");

    const list = await call("get /v1/media", { apiKey: owner.apiKey, query: { collection: "meta/docs" } });
    const byName = new Map(list.body.data.media.map((m: any) => [m.filename, m]));
    expect(byName.get("atlas.txt")).toMatchObject({ attributes: { owner: "ana" }, external_id: "doc-atlas" });
  });

  it("are copied onto every vector, with a type marker per key", async () => {
    for (const metadata of await vectorMetadata(ids["atlas.txt"]!)) {
      expect(metadata).toMatchObject({ team: "alpha", year: 2024, owner: "ana", score: 4.5, public: true, _t_team: "s", _t_year: "i", _t_score: "f", _t_public: "b" });
    }
    for (const metadata of await vectorMetadata(ids["budget.txt"]!)) {
      expect(metadata).not.toHaveProperty("team");
      expect(metadata).not.toHaveProperty("_t_team");
    }
  });

  it("look media up by external_id", async () => {
    const found = await call("get /v1/media", { apiKey: owner.apiKey, query: { external_id: "doc-atlas" } });
    expect(found.body.data.media.map((m: any) => m.media_id)).toEqual([ids["atlas.txt"]]);
    const none = await call("get /v1/media", { apiKey: owner.apiKey, query: { external_id: "doc-nothing" } });
    expect(none.body.data.media).toEqual([]);
    // Another account never sees it.
    const stranger = await newAccount({ credit: 1 });
    expect((await call("get /v1/media", { apiKey: stranger.apiKey, query: { external_id: "doc-atlas" } })).body.data.media).toEqual([]);
  });

  it("through POST /v1/media too", async () => {
    const { status, body } = await call("post /v1/media", {
      apiKey: owner.apiKey,
      form: textForm([{ name: "single.txt", content: "A single file about lighthouses and their keepers." }], {
        collection_id: "meta/single",
        file_metadata: JSON.stringify({ "single.txt": { attributes: { owner: "bo" }, external_id: "one-1" } }),
      }),
    });
    expect(status, JSON.stringify(body)).toBe(200);
    const row = await mediaRow(body.data.media_id);
    expect(row).toMatchObject({ attributes: { owner: "bo" }, externalId: "one-1" });
  });

  const refusals: Array<[string, Record<string, string>, string]> = [
    ["a file that is not in the request", { file_metadata: JSON.stringify({ "atlas.pdf": { attributes: { a: 1 } } }) }, "not a file of this request"],
    ["a reserved key", { file_metadata: JSON.stringify({ "atlas.txt": { attributes: { media_type: "x" } } }) }, "reserved"],
    ["a reserved key in batch metadata", { batch_options: JSON.stringify({ metadata: { filename: "x" } }) }, "reserved"],
    ["a key Tessera's markers use", { file_metadata: JSON.stringify({ "atlas.txt": { attributes: { _t_x: "s" } } }) }, "starts with a letter"],
    ["a key that is too long", { file_metadata: JSON.stringify({ "atlas.txt": { attributes: { ["k".repeat(65)]: 1 } } }) }, "64"],
    ["an object value", { file_metadata: JSON.stringify({ "atlas.txt": { attributes: { owner: { name: "ana" } } } }) }, "Invalid"],
    ["a string that is too long", { file_metadata: JSON.stringify({ "atlas.txt": { attributes: { owner: "x".repeat(1001) } } }) }, "1000"],
    ["an unsafe integer", { file_metadata: `{"atlas.txt": {"attributes": {"n": 1e300}}}` }, "whole number"],
    ["too many keys once merged", { batch_options: JSON.stringify({ metadata: Object.fromEntries(Array.from({ length: 20 }, (_, i) => [`b${i}`, i])) }), file_metadata: JSON.stringify({ "atlas.txt": { attributes: Object.fromEntries(Array.from({ length: 20 }, (_, i) => [`f${i}`, i])) } }) }, "more than 32 keys"],
    ["an unknown entry field", { file_metadata: JSON.stringify({ "atlas.txt": { metadata: { a: 1 } } }) }, "Unrecognized"],
    ["not JSON", { file_metadata: "{atlas" }, "not valid JSON"],
  ];
  it.each(refusals)("refuse %s with validation_error and charge nothing", async (_name, fields, text) => {
    const { accountId, apiKey } = await newAccount({ credit: 1 });
    const { status, body } = await upload(apiKey, fields);
    expect(status, JSON.stringify(body)).toBe(400);
    expect(body.error.code).toBe("validation_error");
    expect(JSON.stringify(body.error)).toContain(text);
    expect((await call("get /v1/balance", { apiKey })).body.data.balance).toBe(1);
    expect(accountId).toBeTruthy();
  });

  it("refuse a name two files of the request share", async () => {
    const { apiKey } = await newAccount({ credit: 1 });
    const files = [
      { name: "twin.txt", content: "first twin" },
      { name: "twin.txt", content: "second twin" },
    ];
    const { status, body } = await upload(apiKey, { file_metadata: JSON.stringify({ "twin.txt": { external_id: "t" } }) }, files);
    expect(status).toBe(400);
    expect(body.error.message).toContain("2 files of this request share");
  });
});

describe("PATCH /v1/media/{id}", () => {
  it("merges attributes (null removes), sets external_id, and rewrites the vectors' metadata in the same request", async () => {
    const id = ids["cookbook.txt"]!;
    const { status, body } = await call("patch /v1/media/{id}", { apiKey: owner.apiKey, id, json: { attributes: { team: null, year: 2025, draft: true }, external_id: "cook-1" } });
    expect(status, JSON.stringify(body)).toBe(200);
    expect(body.data).toMatchObject({ media_id: id, attributes: { year: 2025, draft: true }, external_id: "cook-1" });
    expect(body.data.attributes).not.toHaveProperty("team");
    for (const metadata of await vectorMetadata(id)) {
      expect(metadata).toMatchObject({ year: 2025, draft: true, _t_year: "i", _t_draft: "b", media_id: id, filename: "cookbook.txt", media_type: "document" });
      expect(metadata).not.toHaveProperty("team");
      expect(metadata).not.toHaveProperty("_t_team");
    }
    // Both sides of search see the change: the vector side reads Chroma, the full-text side the row.
    for (const lexical_weight of [0, 1]) {
      const found = await call("post /v1/search", { apiKey: owner.apiKey, json: { query: "braise leeks in butter", lexical_weight, filters: { metadata: { year: 2025 } } } });
      expect(found.body.data.results.map((r: any) => r.media_id), `lexical_weight ${lexical_weight}`).toEqual([id]);
      const gone = await call("post /v1/search", { apiKey: owner.apiKey, json: { query: "braise leeks in butter", lexical_weight, filters: { metadata: { team: "alpha" } } } });
      expect(gone.body.data.results.map((r: any) => r.media_id), `lexical_weight ${lexical_weight}`).not.toContain(id);
    }
    const cleared = await call("patch /v1/media/{id}", { apiKey: owner.apiKey, id, json: { external_id: null } });
    expect(cleared.body.data).toMatchObject({ external_id: null, attributes: { year: 2025, draft: true } });
  });

  it("refuses another account's media, an empty or invalid patch, a read-only key, and media still processing", async () => {
    const id = ids["budget.txt"]!;
    const stranger = await newAccount({ credit: 1 });
    expect((await call("patch /v1/media/{id}", { apiKey: stranger.apiKey, id, json: { attributes: { a: 1 } } })).status).toBe(404);
    for (const json of [{}, { attributes: { media_id: "x" } }, { attributes: { a: [1] } }, { owner: "x" }]) {
      const refused = await call("patch /v1/media/{id}", { apiKey: owner.apiKey, id, json });
      expect(refused.status, JSON.stringify(json)).toBe(400);
    }
    const readOnly = await keyWith(owner.accountId, ["read"]);
    expect((await call("patch /v1/media/{id}", { apiKey: readOnly, id, json: { attributes: { a: 1 } } })).status).toBe(403);

    await holdItemOf(id, "processing");
    try {
      const busy = await call("patch /v1/media/{id}", { apiKey: owner.apiKey, id, json: { attributes: { a: 1 } } });
      expect(busy.status).toBe(400);
      expect(busy.body.error.message).toContain("still queued or processing");
    } finally {
      await holdItemOf(id, "succeeded");
    }
    // Nothing refused changed anything.
    expect((await mediaRow(id))!.attributes).toEqual({ year: 2020 });
  });
});

describe("migration 0011", () => {
  it("gives media stored before it their batch's metadata as attributes", async () => {
    const id = ids["budget.txt"]!;
    await getDb().update(media).set({ attributes: {} }).where(eq(media.id, id));
    const migration = await readFile(path.resolve(import.meta.dirname, "../../db/migrations/0011_media_attributes.sql"), "utf8");
    const backfill = migration.split("--> statement-breakpoint").find((s) => s.includes(`SET "attributes"`))!;
    expect(backfill).toContain("UPDATE");
    await getDb().execute(sql.raw(backfill));
    expect((await mediaRow(id))!.attributes).toEqual({ team: "alpha", year: 2020 });
  });
});
