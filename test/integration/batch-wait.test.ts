import { beforeAll, describe, expect, it } from "vitest";
import { eq } from "drizzle-orm";
import { getDb } from "@/db/client";
import { batchItems } from "@/db/schema";
import { call, textForm } from "./api-client";
import { newAccount } from "./helpers";

// GET /v1/batches/{id}?wait=N through the real route handler, with no worker running: the test
// moves items itself, so the only thing that can end a wait early is the change it makes.

let apiKey: string;

async function submit(n: number) {
  const files = Array.from({ length: n }, (_, i) => ({ name: `wait-${i}.txt`, content: `Long poll note ${i} ${Math.random()}` }));
  const { status, body } = await call("post /v1/batches", { apiKey, form: textForm(files, { collection_id: "wait/notes" }) });
  expect(status).toBe(200);
  return body.data.batch_id as string;
}

const getBatch = (id: string, wait?: number) => call("get /v1/batches/{id}", { apiKey, id, ...(wait !== undefined && { query: { wait: String(wait) } }) });

beforeAll(async () => {
  ({ apiKey } = await newAccount());
});

describe("GET /v1/batches/{id}?wait=N", () => {
  it("holds the answer while nothing changes, and answers with the new counts when an item finishes", async () => {
    const batchId = await submit(2);
    let settled = false;
    // 30 s is longer than the test is allowed to take: answering at all proves it ended early.
    const waiting = getBatch(batchId, 30).finally(() => (settled = true));
    await new Promise((r) => setTimeout(r, 1_000));
    expect(settled, "answered before anything changed").toBe(false);

    const [item] = await getDb().select({ id: batchItems.id }).from(batchItems).where(eq(batchItems.batchId, batchId)).limit(1);
    await getDb().update(batchItems).set({ status: "succeeded" }).where(eq(batchItems.id, item!.id));
    const { status, body } = await waiting;
    expect(status).toBe(200);
    expect(body.data).toMatchObject({ batch_id: batchId, counts: { succeeded: 1, queued: 1 } });
    // The list carries the same counts, so a client following many batches reads one only for its errors.
    const listed = await call("get /v1/batches", { apiKey, query: { collection: "wait/notes" } });
    expect(listed.body.data.find((b: any) => b.batch_id === batchId)).toMatchObject({ completed_items: 1, counts: body.data.counts });
  }, 20_000);

  it("answers the unchanged batch, as without wait, once the wait is over", async () => {
    const batchId = await submit(1);
    const before = await getBatch(batchId);
    const after = await getBatch(batchId, 1);
    expect(after.status).toBe(200);
    expect({ ...after.body.data, timing: null }).toEqual({ ...before.body.data, timing: null });
  });

  it("answers an ended batch at once, and refuses a wait over 30 s or another account's batch", async () => {
    const batchId = await submit(1);
    expect((await call("put /v1/batches/{id}/state", { apiKey, id: batchId, json: { state: "cancelled" } })).status).toBe(200);
    // A 30 s wait on a cancelled batch must not hold the request (the test's limit is 10 s).
    expect((await getBatch(batchId, 30)).body.data.status).toBe("cancelled");

    const tooLong = await getBatch(batchId, 31);
    expect(tooLong.status).toBe(400);
    expect(tooLong.body.error.code).toBe("validation_error");
    const other = await newAccount();
    expect((await call("get /v1/batches/{id}", { apiKey: other.apiKey, id: batchId, query: { wait: "5" } })).status).toBe(404);
  }, 10_000);
});
