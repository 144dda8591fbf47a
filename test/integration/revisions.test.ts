import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startPostgresWorker, type RunningWorker } from "@/lib/jobs/postgres-worker";
import { call, textForm } from "./api-client";
import { newAccount, waitForBatch } from "./helpers";
import { mediaRow, vectorIds } from "./media-helpers";

let worker: RunningWorker;
let owner: { accountId: string; apiKey: string };
let first: string;
let second: string;

const OLD = "The aurora borealis danced over Tromso harbour; the northern lights glowed green above the fjord all night.";
const NEW = "Packing list for glacier hiking: crampons, rope, helmet, warm gloves and a thermos of tea.";
const QUERY = "aurora borealis northern lights over the fjord";

async function upload(name: string, content: string) {
  const { status, body } = await call("post /v1/media", { apiKey: owner.apiKey, form: textForm([{ name, content }], { collection_id: "rev" }) });
  expect(status, JSON.stringify(body)).toBe(200);
  expect((await waitForBatch(owner.accountId, body.data.batch_id)).status).toBe("completed");
  return body.data.media_id as string;
}

const search = async (json: Record<string, unknown>) => {
  const { status, body } = await call("post /v1/search", { apiKey: owner.apiKey, json: { query: QUERY, collections: "rev", ...json } });
  expect(status, JSON.stringify(body)).toBe(200);
  return body.data.results.map((r: { media_id: string }) => r.media_id) as string[];
};

beforeAll(async () => {
  worker = await startPostgresWorker({ concurrency: 1 });
  owner = await newAccount({ credit: 5 });
  first = await upload("notes.txt", OLD);
  await upload("weather.txt", "Cloudy skies over the harbour with a chance of light rain by the evening.");
  second = await upload("notes.txt", NEW);
});

afterAll(async () => {
  await worker.stop();
});

describe("revisions in search", () => {
  it("a changed notes.txt replaces the previous one in results, on every side", async () => {
    expect((await mediaRow(first))!.revision).toBe(1);
    expect((await mediaRow(second))!.revision).toBe(2);
    for (const lexical_weight of [0, 1, 0.5]) {
      const ids = await search({ lexical_weight });
      expect(ids, `lexical_weight ${lexical_weight}`).not.toContain(first);
    }
    // The latest revision is still found for its own words.
    expect((await search({ query: "glacier hiking crampons", lexical_weight: 0.5 }))[0]).toBe(second);
  });

  it("include_previous_revisions brings older revisions back (the old text ranks first for its words)", async () => {
    for (const lexical_weight of [0, 1, 0.5]) {
      expect((await search({ lexical_weight, include_previous_revisions: true }))[0], `lexical_weight ${lexical_weight}`).toBe(first);
    }
  });

  it("older revisions stay listed in /v1/media with their revision number, and keep their vectors", async () => {
    const { body } = await call("get /v1/media", { apiKey: owner.apiKey, query: { collection: "rev" } });
    const notes = body.data.media.filter((m: { filename: string }) => m.filename === "notes.txt").map((m: { media_id: string; revision: number }) => [m.media_id, m.revision]);
    expect(notes.sort((a: [string, number], b: [string, number]) => a[1] - b[1])).toEqual([
      [first, 1],
      [second, 2],
    ]);
    const row = (await mediaRow(first))!;
    expect((await vectorIds({ accountId: row.accountId, collectionRowId: row.collectionId, mediaId: first })).length).toBeGreaterThan(0);
  });

  it("similar search leaves superseded revisions out too", async () => {
    const { body } = await call("get /v1/media", { apiKey: owner.apiKey, query: { collection: "rev" } });
    const weather = body.data.media.find((m: { filename: string }) => m.filename === "weather.txt").media_id;
    const similar = async (include: boolean) =>
      (await call("post /v1/search/similar", { apiKey: owner.apiKey, json: { media_id: weather, max_results: 10, include_previous_revisions: include } })).body.data.results.map(
        (r: { media_id: string }) => r.media_id,
      );
    expect(await similar(false)).not.toContain(first);
    expect(await similar(true)).toContain(first);
  });

  it("deleting the latest revision makes the previous one the latest again", async () => {
    expect((await call("delete /v1/media/{id}", { apiKey: owner.apiKey, id: second })).status).toBe(200);
    for (const lexical_weight of [0, 1]) expect((await search({ lexical_weight }))[0], `lexical_weight ${lexical_weight}`).toBe(first);
  });
});
