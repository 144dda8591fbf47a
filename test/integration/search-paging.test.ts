import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startPostgresWorker, type RunningWorker } from "@/lib/jobs/postgres-worker";
import { call, textForm } from "./api-client";
import { itemsOf, newAccount, waitForBatch } from "./helpers";

let worker: RunningWorker;
let apiKey: string;
let longId: string;

const SHORT = ["arctic", "harbour", "tundra", "glacier", "fjord", "iceberg", "floe"].map((word, i) => ({
  name: `walrus-${i}.txt`,
  content: `The walrus rests on the ${word}. ${"Walrus ".repeat(i + 1)}tusks gleam near the ${word}.`,
}));
const ANIMALS = ["albatross", "badger", "capybara", "dormouse", "echidna", "flamingo", "gecko", "hedgehog", "ibex", "jackal"];
// One paragraph per animal, each long enough that chunks of 50 tokens hold about one paragraph.
const LONG = ANIMALS.map((a, i) => `Chapter ${i + 1} is about the ${a}. The ${a} lives in a burrow, eats seeds and berries, and is seen at dusk by patient visitors.`).join("\n\n");

const search = async (json: Record<string, unknown>) => {
  const { status, body } = await call("post /v1/search", { apiKey, json: { collections: "paging", ...json } });
  expect(status, JSON.stringify(body)).toBe(200);
  return body.data as { results: Array<{ media_id: string; filename: string; chunk: { index: number; text: string; page: number | null }; context_before?: any[]; context_after?: any[] }>; next_cursor: string | null };
};

beforeAll(async () => {
  worker = await startPostgresWorker({ concurrency: 2 });
  const owner = await newAccount({ credit: 5 });
  apiKey = owner.apiKey;
  const short = await call("post /v1/batches", { apiKey, form: textForm(SHORT, { collection_id: "paging" }) });
  const long = await call("post /v1/batches", {
    apiKey,
    form: textForm([{ name: "bestiary.txt", content: LONG }], { collection_id: "paging", batch_options: JSON.stringify({ chunk_size: 50, chunk_overlap: 0 }) }),
  });
  for (const b of [short, long]) expect((await waitForBatch(owner.accountId, b.body.data.batch_id)).status).toBe("completed");
  longId = (await itemsOf(long.body.data.batch_id))[0]!.mediaId!;
});

afterAll(async () => {
  await worker.stop();
});

describe("search pages", () => {
  it.each([0, 1, 0.5])("with lexical_weight %s, pages follow each other to the end: the same order as one big page, nothing twice", async (lexical_weight) => {
    const whole = (await search({ query: "walrus tusks", lexical_weight, max_results: 20 })).results.map((r) => r.media_id);
    expect(whole.length).toBeGreaterThanOrEqual(SHORT.length);
    const paged: string[] = [];
    let cursor: string | undefined;
    for (let n = 0; n < 10; n++) {
      const page = await search({ query: "walrus tusks", lexical_weight, max_results: 3, ...(cursor && { cursor }) });
      paged.push(...page.results.map((r) => r.media_id));
      if (!page.next_cursor) break;
      expect(page.results).toHaveLength(3);
      cursor = page.next_cursor;
    }
    expect(paged).toEqual(whole);
  });

  it("refuses a cursor sent with another request, or one that was tampered with", async () => {
    const first = await search({ query: "walrus tusks", max_results: 2 });
    expect(first.next_cursor).toEqual(expect.any(String));
    for (const json of [
      { query: "walrus", max_results: 2, cursor: first.next_cursor },
      { query: "walrus tusks", max_results: 3, cursor: first.next_cursor },
      { query: "walrus tusks", max_results: 2, cursor: `${first.next_cursor}x` },
    ]) {
      const { status, body } = await call("post /v1/search", { apiKey, json: { collections: "paging", ...json } });
      expect(status, JSON.stringify(json)).toBe(400);
      expect(body.error.code).toBe("validation_error");
    }
  });
});

describe("context_chunks", () => {
  it("returns the N chunks before and after the matching one, in order, as stored", async () => {
    const { body } = await call("get /v1/media/{id}", { apiKey, id: longId, query: { include_chunks: "true" } });
    const stored = body.data.chunks as Array<{ chunk_index: number; text: string; page: number | null }>;
    expect(stored.length).toBeGreaterThanOrEqual(6);
    const middle = stored.find((c) => c.text.includes("echidna"))!;
    const { results } = await search({ query: "echidna", lexical_weight: 1, context_chunks: 2 });
    const hit = results.find((r) => r.media_id === longId)!;
    expect(hit.chunk.index).toBe(middle.chunk_index);
    const at = (i: number) => ({ index: i, text: stored[i]!.text, page: stored[i]!.page });
    expect(hit.context_before!.map((c) => ({ index: c.index, text: c.text, page: c.page }))).toEqual([at(middle.chunk_index - 2), at(middle.chunk_index - 1)]);
    expect(hit.context_after!.map((c) => ({ index: c.index, text: c.text, page: c.page }))).toEqual([at(middle.chunk_index + 1), at(middle.chunk_index + 2)]);
    expect(hit.context_after![0]).toHaveProperty("start_s");
  });

  it("stops at the media's first and last chunk, and is absent without context_chunks", async () => {
    const first = (await search({ query: "albatross", lexical_weight: 1, context_chunks: 3 })).results.find((r) => r.media_id === longId)!;
    expect(first.chunk.index).toBe(0);
    expect(first.context_before).toEqual([]);
    expect(first.context_after!.map((c) => c.index)).toEqual([1, 2, 3]);
    const plain = (await search({ query: "albatross", lexical_weight: 1 })).results.find((r) => r.media_id === longId)!;
    expect(plain).not.toHaveProperty("context_before");
    const tooMany = await call("post /v1/search", { apiKey, json: { query: "albatross", context_chunks: 6 } });
    expect(tooMany.status).toBe(400);
  });
});
