import { describe, expect, it } from "vitest";
import { eq } from "drizzle-orm";
import { getDb } from "@/db/client";
import { batches } from "@/db/schema";
import { call, textForm } from "./api-client";
import { newAccount, waitForBatch } from "./helpers";

async function submit(apiKey: string, names: string[]) {
  const { status, body } = await call("post /v1/batches", { apiKey, form: textForm(names.map((n) => ({ name: n, content: `${n}: ${Math.random()} words` }))) });
  expect(status).toBe(200);
  return body.data.batch_id as string;
}

/** Moves a batch in time, so the date filters have something to tell apart. */
async function setCreatedAt(batchId: string, iso: string) {
  await getDb().update(batches).set({ createdAt: new Date(iso) }).where(eq(batches.id, batchId));
}

const ids = async (apiKey: string, query: Record<string, string>) => {
  const { status, body } = await call("get /v1/batches", { apiKey, query });
  expect(status).toBe(200);
  return body.data.map((b: { batch_id: string }) => b.batch_id);
};

describe("GET /v1/batches date filters", () => {
  it("keeps batches created at or after created_after and strictly before created_before", async () => {
    const { apiKey } = await newAccount();
    const october = await submit(apiKey, ["oct.txt"]);
    const novemberFirst = await submit(apiKey, ["nov1.txt"]);
    const novemberLate = await submit(apiKey, ["nov20.txt"]);
    await setCreatedAt(october, "2026-10-15T12:00:00Z");
    await setCreatedAt(novemberFirst, "2026-11-01T00:00:00Z");
    await setCreatedAt(novemberLate, "2026-11-20T09:30:00Z");

    expect(await ids(apiKey, { created_after: "2026-11-01" })).toEqual([novemberLate, novemberFirst]);
    expect(await ids(apiKey, { created_before: "2026-11-01" })).toEqual([october]);
    expect(await ids(apiKey, { created_after: "2026-11-01", created_before: "2026-11-02" })).toEqual([novemberFirst]);
    // An offset is honoured: 10:00+01:00 is 09:00Z, before the 09:30Z batch.
    expect(await ids(apiKey, { created_after: "2026-11-20T10:00:00+01:00" })).toEqual([novemberLate]);
    expect(await ids(apiKey, { created_after: "2026-11-20T11:00:00+01:00" })).toEqual([]);
    expect(await ids(apiKey, { created_after: "2026-12-01", created_before: "2026-11-01" })).toEqual([]);
  });

  it("combines date filters with status, collection and the cursor", async () => {
    const { apiKey } = await newAccount();
    const made = [await submit(apiKey, ["1.txt"]), await submit(apiKey, ["2.txt"]), await submit(apiKey, ["3.txt"]), await submit(apiKey, ["4.txt"])];
    for (const [i, id] of made.entries()) await setCreatedAt(id, `2026-09-0${i + 1}T08:00:00Z`);
    const query = { created_after: "2026-09-02", created_before: "2026-09-05", limit: "2" };
    const first = await call("get /v1/batches", { apiKey, query });
    expect(first.body.data.map((b: { batch_id: string }) => b.batch_id)).toEqual([made[3], made[2]]);
    const second = await call("get /v1/batches", { apiKey, query: { ...query, cursor: first.body.next_cursor } });
    expect(second.body.data.map((b: { batch_id: string }) => b.batch_id)).toEqual([made[1]]);
    expect(second.body.next_cursor).toBeNull();
    expect(await ids(apiKey, { created_after: "2026-09-01", status: "failed" })).toEqual([]);
    expect(await ids(apiKey, { created_after: "2026-09-01", collection: "default" })).toHaveLength(4);
  });

  const badDates: Array<[string, Record<string, string>]> = [
    ["a word as created_after", { created_after: "yesterday" }],
    ["an impossible date", { created_after: "2026-02-30" }],
    ["a date-time without offset", { created_before: "2026-11-01T10:00:00" }],
    ["a unix timestamp", { created_before: "1764000000" }],
    ["an empty created_after", { created_after: "" }],
  ];
  for (const [name, query] of badDates) {
    it(`refuses ${name}: 400 validation_error naming the parameter`, async () => {
      const { apiKey } = await newAccount();
      const { status, body } = await call("get /v1/batches", { apiKey, query });
      expect(status).toBe(400);
      expect(body.error.code).toBe("validation_error");
      expect(JSON.stringify(body.error.details)).toContain(Object.keys(query)[0]);
    });
  }
});

describe("GET /v1/batches completed_items", () => {
  it("counts the items that reached a final status", async () => {
    const { accountId, apiKey } = await newAccount();
    const running = await submit(apiKey, ["a.txt", "b.txt", "c.txt"]);
    await call("put /v1/batches/{id}/state", { apiKey, id: running, json: { state: "cancelled" } });
    const final = await waitForBatch(accountId, running);
    const [row] = (await call("get /v1/batches", { apiKey })).body.data;
    expect(row).toMatchObject({ batch_id: running, total_items: 3, completed_items: final.progress.completed });
    expect(row.completed_items).toBe(3);
  });
});
