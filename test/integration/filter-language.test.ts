import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startPostgresWorker, type RunningWorker } from "@/lib/jobs/postgres-worker";
import type { FilterExpression } from "@/lib/search/filter-language";
import { call, textForm } from "./api-client";
import { itemsOf, newAccount, waitForBatch } from "./helpers";

/**
 * Every operator of the filter language on vector-only, full-text-only and hybrid search, over
 * real PostgreSQL and Chroma. Each document holds the word "zebra", so without a filter every
 * side returns all seven: what comes back is exactly what the filter selects. The values are
 * chosen where Chroma's own where differs from the SQL meaning: a fraction against stored
 * integers (Chroma cuts 5.5 to 5), $ne and $nin on missing keys, a string "5" beside a number 5.
 */

let worker: RunningWorker;
let apiKey: string;

const DOCS: Record<string, { collection: string; text: string; attributes: Record<string, string | number | boolean> }> = {
  "d1.txt": { collection: "ops/a", text: "The zebra grazes near the river at dawn.", attributes: { owner: "ana", year: 2020, score: 5, draft: true } },
  "d2.txt": { collection: "ops/a", text: "A zebra foal follows its mother across the plain.", attributes: { owner: "bo", year: 2024, score: 5.5 } },
  "d3.txt": { collection: "ops/a", text: "Stripes help the zebra confuse biting flies.", attributes: { owner: "cy", year: 2022, score: -5, draft: false } },
  "d4.txt": { collection: "ops/a", text: "The zebra herd moves north in the dry season.", attributes: { owner: 7, score: "5" } },
  "d5.txt": { collection: "ops/a", text: "Lions stalk the zebra from the tall grass.", attributes: {} },
  "d6.md": { collection: "ops/b", text: "# Notes\n\nA zebra crossing painted on the road near the school.", attributes: { owner: "ana", year: 2021, score: 6 } },
  "d7.html": { collection: "ops/b", text: "<html><body><p>The zebra exhibit opens at the zoo on Monday.</p></body></html>", attributes: { year: 2020 } },
};
const ALL = Object.keys(DOCS);
const except = (...names: string[]) => ALL.filter((n) => !names.includes(n));
const a = (attribute: string, op: string, value: unknown) => ({ attribute, op, value }) as FilterExpression;
const f = (field: string, op: string, value: unknown) => ({ field, op, value }) as FilterExpression;

const CASES: Array<[string, FilterExpression, string[]]> = [
  ["eq string", a("owner", "eq", "ana"), ["d1.txt", "d6.md"]],
  ["ne string: missing keys and other types match", a("owner", "ne", "ana"), except("d1.txt", "d6.md")],
  ["eq integer: not the string '5', not 5.5", a("score", "eq", 5), ["d1.txt"]],
  ["eq fraction: not the integer 5", a("score", "eq", 5.5), ["d2.txt"]],
  ["ne fraction", a("score", "ne", 5.5), except("d2.txt")],
  ["eq number on a key holding a string elsewhere", a("owner", "eq", 7), ["d4.txt"]],
  ["gt integer: numbers only", a("score", "gt", 5), ["d2.txt", "d6.md"]],
  ["gte fraction: not the integer 5", a("score", "gte", 5.5), ["d2.txt", "d6.md"]],
  ["lt fraction: the integer 5 too", a("score", "lt", 5.5), ["d1.txt", "d3.txt"]],
  ["lte integer", a("score", "lte", 5), ["d1.txt", "d3.txt"]],
  ["gt negative fraction: the integer -5 too", a("score", "gt", -5.5), ["d1.txt", "d2.txt", "d3.txt", "d6.md"]],
  ["lte that nothing passes: empty", a("score", "lte", -5.5), []],
  ["not gt: missing keys and strings match", { not: a("score", "gt", 5) }, ["d1.txt", "d3.txt", "d4.txt", "d5.txt", "d7.html"]],
  ["not lt fraction", { not: a("score", "lt", 5.5) }, except("d1.txt", "d3.txt")],
  ["in strings", a("owner", "in", ["bo", "cy"]), ["d2.txt", "d3.txt"]],
  ["nin strings: missing keys match", a("owner", "nin", ["bo", "cy"]), except("d2.txt", "d3.txt")],
  ["in integers and fractions", a("score", "in", [5.5, 6]), ["d2.txt", "d6.md"]],
  ["nin integers and fractions", a("score", "nin", [5, 5.5]), except("d1.txt", "d2.txt")],
  ["in years", a("year", "in", [2020]), ["d1.txt", "d7.html"]],
  ["eq boolean", a("draft", "eq", false), ["d3.txt"]],
  ["not eq boolean", { not: a("draft", "eq", true) }, except("d1.txt")],
  ["exists", a("draft", "exists", true), ["d1.txt", "d3.txt"]],
  ["exists false", a("draft", "exists", false), except("d1.txt", "d3.txt")],
  ["not exists", { not: a("owner", "exists", true) }, ["d5.txt", "d7.html"]],
  ["a key no media has: eq", a("nothing", "eq", "x"), []],
  ["a key no media has: ne", a("nothing", "ne", "x"), ALL],
  ["a key no media has: exists", a("nothing", "exists", true), []],
  ["a key no media has: gt", a("nothing", "gt", 0), []],
  ["and", { and: [a("year", "gte", 2021), a("owner", "eq", "ana")] }, ["d6.md"]],
  ["or", { or: [a("owner", "eq", "bo"), a("score", "lt", 0)] }, ["d2.txt", "d3.txt"]],
  ["not or (De Morgan)", { not: { or: [a("owner", "eq", "bo"), a("score", "lt", 0)] } }, except("d2.txt", "d3.txt")],
  ["not and (De Morgan)", { not: { and: [a("year", "gte", 2021), a("owner", "eq", "ana")] } }, except("d6.md")],
  ["double not", { not: { not: a("owner", "eq", "ana") } }, ["d1.txt", "d6.md"]],
  ["contradiction: empty", { and: [a("owner", "eq", "ana"), a("owner", "eq", "bo")] }, []],
  ["media_type eq", f("media_type", "eq", "web"), ["d7.html"]],
  ["media_type ne", f("media_type", "ne", "web"), except("d7.html")],
  ["media_type in, a category no media has", f("media_type", "in", ["audio"]), []],
  ["filename in", f("filename", "in", ["d1.txt", "d5.txt"]), ["d1.txt", "d5.txt"]],
  ["filename nin", f("filename", "nin", ["d1.txt", "d5.txt"]), except("d1.txt", "d5.txt")],
  ["collection eq", f("collection", "eq", "ops/b"), ["d6.md", "d7.html"]],
  ["collection ne", f("collection", "ne", "ops/b"), except("d6.md", "d7.html")],
  ["collection eq another name: empty", f("collection", "eq", "ops/zzz"), []],
  ["not collection in", { not: f("collection", "in", ["ops/a"]) }, ["d6.md", "d7.html"]],
  ["created_at gt the past", f("created_at", "gt", "2000-01-01T00:00:00Z"), ALL],
  ["created_at lt the past: empty", f("created_at", "lt", "2000-01-01T00:00:00Z"), []],
  ["not created_at lt the past", { not: f("created_at", "lt", "2000-01-01T00:00:00Z") }, ALL],
  ["built-in exists false: empty", f("filename", "exists", false), []],
  ["mixed built-in and attribute under or", { or: [f("collection", "eq", "ops/b"), a("draft", "eq", true)] }, ["d1.txt", "d6.md", "d7.html"]],
];

async function searchNames(where: FilterExpression, lexical_weight: number, extra: Record<string, unknown> = {}) {
  const { status, body } = await call("post /v1/search", { apiKey, json: { query: "zebra", lexical_weight, max_results: 20, filters: { where, ...extra } } });
  expect(status, JSON.stringify(body)).toBe(200);
  return body.data.results.map((r: { filename: string }) => r.filename).sort();
}

beforeAll(async () => {
  worker = await startPostgresWorker({ concurrency: 2 });
  const owner = await newAccount({ credit: 5 });
  apiKey = owner.apiKey;
  for (const collection of ["ops/a", "ops/b"]) {
    const names = ALL.filter((n) => DOCS[n]!.collection === collection);
    const form = textForm(
      names.map((name) => ({ name, content: DOCS[name]!.text })),
      { collection_id: collection, file_metadata: JSON.stringify(Object.fromEntries(names.map((n) => [n, { attributes: DOCS[n]!.attributes }]))) },
    );
    const { status, body } = await call("post /v1/batches", { apiKey, form });
    expect(status, JSON.stringify(body)).toBe(200);
    expect((await waitForBatch(owner.accountId, body.data.batch_id)).status).toBe("completed");
    expect((await itemsOf(body.data.batch_id)).every((i) => i.status === "succeeded")).toBe(true);
  }
});

afterAll(async () => {
  await worker.stop();
});

describe("the filter language selects the same media on every side of search", () => {
  it("without a filter every side returns all seven documents (so each case below sees the filter alone)", async () => {
    for (const weight of [0, 1, 0.5]) expect(await searchNames({ or: [a("nothing", "ne", "x")] }, weight)).toEqual(ALL.slice().sort());
  });

  for (const [name, where, expected] of CASES) {
    it(name, async () => {
      const want = expected.slice().sort();
      expect(await searchNames(where, 0), "vector only").toEqual(want);
      expect(await searchNames(where, 1), "full-text only").toEqual(want);
      expect(await searchNames(where, 0.5), "hybrid").toEqual(want);
    });
  }

  it("combines with the simple filters (all must hold)", async () => {
    for (const weight of [0, 1]) {
      expect(await searchNames(a("year", "gte", 2020), weight, { metadata: { owner: "ana" } })).toEqual(["d1.txt", "d6.md"]);
      expect(await searchNames(a("year", "gte", 2020), weight, { media_type: "web" })).toEqual(["d7.html"]);
      // The simple metadata filter goes through the same compiler: a fraction is not the integer 5.
      const { body } = await call("post /v1/search", { apiKey, json: { query: "zebra", lexical_weight: weight, max_results: 20, filters: { metadata: { score: 5.5 } } } });
      expect(body.data.results.map((r: { filename: string }) => r.filename)).toEqual(["d2.txt"]);
    }
  });

  it("applies to POST /v1/search/similar too", async () => {
    const listed = await call("get /v1/media", { apiKey, query: { collection: "ops/a" } });
    const d1 = listed.body.data.media.find((m: { filename: string }) => m.filename === "d1.txt").media_id;
    const { status, body } = await call("post /v1/search/similar", { apiKey, json: { media_id: d1, max_results: 20, filters: { where: a("owner", "eq", "ana") } } });
    expect(status, JSON.stringify(body)).toBe(200);
    expect(body.data.results.map((r: { filename: string }) => r.filename)).toEqual(["d6.md"]);
  });

  const REFUSED: Array<[string, unknown]> = [
    ["gt with a string", a("owner", "gt", "a")],
    ["in with mixed types", a("score", "in", [5, "5"])],
    ["in with one value", a("score", "in", 5)],
    ["eq with a list", a("score", "eq", [5])],
    ["both attribute and field", { attribute: "owner", field: "filename", op: "eq", value: "x" }],
    ["neither attribute nor field", { op: "eq", value: "x" }],
    ["a built-in name as attribute", a("media_type", "eq", "document")],
    ["an unknown field", f("size", "eq", "x")],
    ["an unknown op", a("owner", "like", "a%")],
    ["exists with a string", a("owner", "exists", "yes")],
    ["order on filename", f("filename", "gt", "a")],
    ["created_at with a non-date", f("created_at", "gt", 2020)],
    ["an empty and", { and: [] }],
    ["too deep", { not: { not: { not: { not: { not: { not: { not: a("owner", "eq", "a") } } } } } } }],
    ["an unknown combinator", { xor: [a("owner", "eq", "a")] }],
  ];
  it.each(REFUSED)("refuses %s with validation_error", async (_name, where) => {
    const { status, body } = await call("post /v1/search", { apiKey, json: { query: "zebra", filters: { where } } });
    expect(status).toBe(400);
    expect(body.error.code).toBe("validation_error");
  });
});
