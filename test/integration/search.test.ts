import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startPostgresWorker, type RunningWorker } from "@/lib/jobs/postgres-worker";
import { POST as search } from "@/app/v1/search/route";
import { POST as similar } from "@/app/v1/search/similar/route";
import { createApiKey } from "@/lib/api-keys/create-api-key";
import { getDb } from "@/db/client";
import { itemsOf, newAccount, postBatch, waitForBatch } from "./helpers";

let worker: RunningWorker;
let owner: { accountId: string; apiKey: string };
let stranger: { accountId: string; apiKey: string };
const mediaIds: Record<string, string> = {};

const DOCS: Record<string, string> = {
  "cats.txt": "Cats are small domesticated felines. A kitten purrs and chases mice around the barn. Cats sleep most of the day.",
  "finance.txt": "Quarterly revenue grew by twelve percent. The finance team reported operating margin and cash flow for the fiscal year.",
  "volcano.md": "# Volcanoes\n\nMagma rises through the crust and erupts as lava. The eruption of Mount Vesuvius buried Pompeii in ash.",
  "pasta.txt": "Boil the spaghetti in salted water, then toss it with garlic, olive oil and parmesan cheese for a quick dinner.",
  "serial.txt": "Replacement part HX-7731 fits the pump housing. Order code HX-7731 ships within two days.",
};

async function call(route: typeof search, apiKey: string, body: unknown) {
  const response = await route(
    new Request("http://tessera.test/v1/search", { method: "POST", headers: { "x-api-key": apiKey, "content-type": "application/json" }, body: JSON.stringify(body) }),
    { params: Promise.resolve({}) },
  );
  return { status: response.status, body: (await response.json()) as any };
}

beforeAll(async () => {
  worker = await startPostgresWorker({ concurrency: 2 });
  owner = await newAccount({ credit: 5 });
  stranger = await newAccount({ credit: 5 });
  const files = Object.entries(DOCS).map(([name, content]) => ({ name, content }));
  const first = await postBatch({ apiKey: owner.apiKey, files: files.slice(0, 3), fields: { collection_id: "library", batch_options: JSON.stringify({ metadata: { team: "alpha" } }) } });
  const second = await postBatch({ apiKey: owner.apiKey, files: files.slice(3), fields: { collection_id: "kitchen", batch_options: JSON.stringify({ metadata: { team: "beta" } }) } });
  for (const batch of [first, second]) {
    await waitForBatch(owner.accountId, batch.body.data.batch_id);
    for (const item of await itemsOf(batch.body.data.batch_id)) mediaIds[item.filename] = item.mediaId!;
  }
  await postBatch({ apiKey: stranger.apiKey, files: [{ name: "secret.txt", content: "Cats and kittens of the stranger account." }], fields: { collection_id: "library" } });
});

afterAll(async () => {
  await worker.stop();
});

const filenames = (body: any) => body.data.results.map((r: { filename: string }) => r.filename);

describe("POST /v1/search", () => {
  it("finds by meaning with vector search: score is cosine similarity", async () => {
    const { status, body } = await call(search, owner.apiKey, { query: "a young cat playing", lexical_weight: 0 });
    expect(status).toBe(200);
    expect(filenames(body)[0]).toBe("cats.txt");
    const top = body.data.results[0];
    expect(top).toMatchObject({ media_id: mediaIds["cats.txt"], media_type: "document", collection: "library", lexical_score: null });
    expect(top.score).toBe(top.vector_score);
    expect(top.score).toBeGreaterThan(0.2);
    expect(top.highlight.length).toBeGreaterThan(0);
  });

  it("finds exact codes with full-text search and highlights them", async () => {
    const { body } = await call(search, owner.apiKey, { query: "HX-7731", lexical_weight: 1 });
    expect(filenames(body)).toEqual(["serial.txt"]);
    expect(body.data.results[0].highlight).toContain("<mark>");
    expect(body.data.results[0].vector_score).toBeNull();
  });

  it("fuses both rankings in hybrid mode", async () => {
    const { body } = await call(search, owner.apiKey, { query: "eruption of lava", lexical_weight: 0.5 });
    const top = body.data.results[0];
    expect(top.filename).toBe("volcano.md");
    expect(top.vector_score).not.toBeNull();
    expect(top.lexical_score).not.toBeNull();
    expect(top.score).toBeCloseTo(1, 5);
  });

  it("returns each media once, at most max_results, above min_score", async () => {
    const { body } = await call(search, owner.apiKey, { query: "food and animals", lexical_weight: 0, max_results: 3 });
    expect(body.data.results.length).toBe(3);
    expect(new Set(filenames(body)).size).toBe(3);
    const strict = await call(search, owner.apiKey, { query: "food and animals", lexical_weight: 0, min_score: 0.99 });
    expect(strict.body.data.results).toEqual([]);
  });

  it("searches one collection, several, or all", async () => {
    const kitchen = await call(search, owner.apiKey, { query: "cats", collections: "kitchen", lexical_weight: 0 });
    expect(filenames(kitchen.body)).not.toContain("cats.txt");
    expect(kitchen.body.data.results.every((r: any) => r.collection === "kitchen")).toBe(true);
    const both = await call(search, owner.apiKey, { query: "cheese", collections: ["kitchen", "library"], lexical_weight: 0.5 });
    expect(filenames(both.body)[0]).toBe("pasta.txt");
  });

  it("filters by media type, creation time and batch metadata", async () => {
    const md = await call(search, owner.apiKey, { query: "anything at all", lexical_weight: 0, filters: { media_type: "document" } });
    expect(md.body.data.results.length).toBe(5);
    const none = await call(search, owner.apiKey, { query: "cats", lexical_weight: 0, filters: { media_type: ["image", "audio"] } });
    expect(none.body.data.results).toEqual([]);
    const future = await call(search, owner.apiKey, { query: "cats", lexical_weight: 0.5, filters: { created_after: new Date(Date.now() + 60_000).toISOString() } });
    expect(future.body.data.results).toEqual([]);
    const betaVector = await call(search, owner.apiKey, { query: "cats and revenue", lexical_weight: 0, filters: { metadata: { team: "beta" } } });
    expect(new Set(filenames(betaVector.body))).toEqual(new Set(["pasta.txt", "serial.txt"]));
    const betaLexical = await call(search, owner.apiKey, { query: "spaghetti or HX-7731 or revenue", lexical_weight: 1, filters: { metadata: { team: "beta" } } });
    expect(new Set(filenames(betaLexical.body))).toEqual(new Set(["pasta.txt", "serial.txt"]));
    const unfiltered = await call(search, owner.apiKey, { query: "spaghetti or HX-7731 or revenue", lexical_weight: 1 });
    expect(new Set(filenames(unfiltered.body))).toEqual(new Set(["pasta.txt", "serial.txt", "finance.txt"]));
  });

  it("never shows another account's media, and another account's collection is a 404", async () => {
    const mine = await call(search, owner.apiKey, { query: "stranger kittens", lexical_weight: 0.5 });
    expect(filenames(mine.body)).not.toContain("secret.txt");
    const theirs = await call(search, stranger.apiKey, { query: "cats", collections: "kitchen" });
    expect(theirs.status).toBe(404);
    expect(theirs.body.error.code).toBe("not_found");
  });

  it.each([
    ["an empty query", { query: "  " }],
    ["an unknown field", { query: "x", colour: "red" }],
    ["a weight above 1", { query: "x", lexical_weight: 2 }],
    ["too many results", { query: "x", max_results: 101 }],
    ["an unknown media type", { query: "x", filters: { media_type: "hologram" } }],
    ["a bad date", { query: "x", filters: { created_after: "yesterday" } }],
  ])("refuses %s with validation_error", async (_name, body) => {
    const result = await call(search, owner.apiKey, body);
    expect(result.status).toBe(400);
    expect(result.body.error.code).toBe("validation_error");
  });

  it("needs a key with the read capability", async () => {
    const writer = await createApiKey(getDb(), { accountId: owner.accountId, name: "writer", capabilities: ["write"] });
    const result = await call(search, writer.secret, { query: "cats" });
    expect(result.status).toBe(403);
    expect(result.body.error.code).toBe("forbidden");
  });
});

describe("POST /v1/search/similar", () => {
  it("ranks other media by closeness and never returns the media itself", async () => {
    const { status, body } = await call(similar, owner.apiKey, { media_id: mediaIds["cats.txt"], max_results: 4 });
    expect(status).toBe(200);
    expect(filenames(body)).not.toContain("cats.txt");
    expect(body.data.results.length).toBe(4);
    const scores = body.data.results.map((r: any) => r.score);
    expect([...scores].sort((a, b) => b - a)).toEqual(scores);
  });

  it("answers 404 for another account's media", async () => {
    const result = await call(similar, stranger.apiKey, { media_id: mediaIds["cats.txt"] });
    expect(result.status).toBe(404);
  });
});
