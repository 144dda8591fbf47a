import { describe, expect, it } from "vitest";
import { existsSync } from "node:fs";
import { eq, sql } from "drizzle-orm";
import { getDb } from "@/db/client";
import { claimItem, finalizeBatchIfDone, lockBatch, markItemSucceeded, releaseItem } from "@/db/queries/items";
import { getBalance } from "@/db/queries/ledger";
import { batchItems, batches } from "@/db/schema";
import { cancelQueuedItemsIfCancelled } from "@/lib/batches/cancel-queued-items";
import { ITEM_PRICE_MICROS } from "@/lib/constants";
import { runItemJob } from "@/lib/jobs/run-item-job";
import { sweepExpiredItems } from "@/lib/jobs/sweep-expired-items";
import { failItem } from "@/lib/pipeline/fail-item";
import { call, textForm } from "./api-client";
import { balanceFromLedger, itemsOf, ledgerOf, newAccount } from "./helpers";

async function submit(apiKey: string, count: number) {
  const form = textForm(Array.from({ length: count }, (_, i) => ({ name: `f${i}.txt`, content: `file ${i} ${Math.random()}` })));
  const { status, body } = await call("post /v1/batches", { apiKey, form });
  expect(status).toBe(200);
  return body.data.batch_id as string;
}

const cancel = (apiKey: string, id: string, json: unknown = { state: "cancelled" }) => call("put /v1/batches/{id}/state", { apiKey, id, json });

async function expectMoneyConsistent(accountId: string, batchId: string, refundedItems: number) {
  const ledger = await ledgerOf(accountId);
  const refunds = ledger.filter((e) => e.type === "refund");
  expect(refunds).toHaveLength(refundedItems);
  expect(new Set(refunds.map((r) => r.itemId)).size).toBe(refundedItems);
  expect(refunds.reduce((s, r) => s + r.amountMicros, 0)).toBe(refundedItems * ITEM_PRICE_MICROS);
  expect(await getBalance(getDb(), { accountId })).toBe(balanceFromLedger(ledger));
  const [batch] = await getDb().select().from(batches).where(eq(batches.id, batchId));
  expect(batch!.refundedMicros).toBe(refundedItems * ITEM_PRICE_MICROS);
}

describe("PUT /v1/batches/{id}/state", () => {
  it("cancels a queued batch at once: every item refunded once, uploads and pending media removed", async () => {
    const { accountId, apiKey } = await newAccount({ credit: 1 });
    const id = await submit(apiKey, 3);
    const before = await itemsOf(id);
    expect(before.every((i) => i.uploadPath && existsSync(i.uploadPath))).toBe(true);

    const { status, body } = await cancel(apiKey, id);
    expect(status).toBe(200);
    expect(body.data).toMatchObject({ batch_id: id, status: "cancelled", cancelled_items: 3, refunded: 0.12, counts: { cancelled: 3, queued: 0 } });
    expect(body.data.cancelled_at).toEqual(body.data.completed_at);
    const after = await itemsOf(id);
    expect(after.map((i) => [i.status, i.uploadPath])).toEqual(Array(3).fill(["cancelled", null]));
    expect(before.some((i) => existsSync(i.uploadPath!))).toBe(false);
    const media = await getDb().query.media.findMany({ where: (m, { inArray }) => inArray(m.id, before.map((i) => i.mediaId!)) });
    expect(media).toEqual([]);
    await expectMoneyConsistent(accountId, id, 3);
    expect(await getBalance(getDb(), { accountId })).toBe(1_000_000);

    const again = await cancel(apiKey, id);
    expect(again.status).toBe(200);
    expect(again.body.data).toMatchObject({ status: "cancelled", cancelled_items: 0, refunded: 0, cancelled_at: body.data.cancelled_at });
    await expectMoneyConsistent(accountId, id, 3);
  });

  it("refunds once under concurrent cancels", async () => {
    const { accountId, apiKey } = await newAccount({ credit: 1 });
    const id = await submit(apiKey, 4);
    const results = await Promise.all(Array.from({ length: 5 }, () => cancel(apiKey, id)));
    expect(results.map((r) => r.status)).toEqual(Array(5).fill(200));
    expect(results.reduce((s, r) => s + r.body.data.cancelled_items, 0)).toBe(4);
    await expectMoneyConsistent(accountId, id, 4);
  });

  const badBodies: Array<[string, string]> = [
    ["another state", JSON.stringify({ state: "running" })],
    ["an unknown key", JSON.stringify({ state: "cancelled", reason: "x" })],
    ["no state", "{}"],
    ["not JSON", "cancel please"],
  ];
  for (const [name, rawBody] of badBodies) {
    it(`refuses ${name}: 400 validation_error, nothing cancelled`, async () => {
      const { accountId, apiKey } = await newAccount({ credit: 1 });
      const id = await submit(apiKey, 1);
      const { status, body } = await call("put /v1/batches/{id}/state", { apiKey, id, rawBody, headers: { "content-type": "application/json" } });
      expect([status, body.error.code]).toEqual([400, "validation_error"]);
      expect((await itemsOf(id)).map((i) => i.status)).toEqual(["queued"]);
      await expectMoneyConsistent(accountId, id, 0);
    });
  }

  it("leaves a batch that already ended as it was: 200 with its final status", async () => {
    const { accountId, apiKey } = await newAccount({ credit: 1 });
    const id = await submit(apiKey, 2);
    // Stands in for a worker that processed everything.
    await getDb().update(batchItems).set({ status: "succeeded", uploadPath: null }).where(eq(batchItems.batchId, id));
    await getDb().update(batches).set({ status: "completed", completedAt: sql`now()` }).where(eq(batches.id, id));
    const { status, body } = await cancel(apiKey, id);
    expect(status).toBe(200);
    expect(body.data).toMatchObject({ status: "completed", cancelled_at: null, cancelled_items: 0, refunded: 0, counts: { succeeded: 2 } });
    await expectMoneyConsistent(accountId, id, 0);
  });
});

describe("cancellation and the workers", () => {
  it("a job for a cancelled item does nothing", async () => {
    const { accountId, apiKey } = await newAccount({ credit: 1 });
    const id = await submit(apiKey, 1);
    await cancel(apiKey, id);
    const [item] = await itemsOf(id);
    await runItemJob({ itemId: item!.id, workerId: "late-worker" });
    const [after] = await itemsOf(id);
    expect([after!.status, after!.attempts, after!.workerId]).toEqual(["cancelled", 0, null]);
    await expectMoneyConsistent(accountId, id, 1);
  });

  it("an item running at cancel finishes; the batch ends cancelled, not completed", async () => {
    const { accountId, apiKey } = await newAccount({ credit: 1 });
    const id = await submit(apiKey, 3);
    const [first] = await itemsOf(id);
    expect(await claimItem(getDb(), { itemId: first!.id, workerId: "w1", leaseSeconds: 60 })).not.toBeNull();

    const { body } = await cancel(apiKey, id);
    expect(body.data).toMatchObject({ status: "running", cancelled_items: 2, completed_at: null, counts: { processing: 1, cancelled: 2 } });
    expect(body.data.cancelled_at).not.toBeNull();

    await getDb().transaction(async (tx) => {
      await lockBatch(tx, { batchId: id });
      expect(await markItemSucceeded(tx, { itemId: first!.id, workerId: "w1", chunksWritten: 1, vectorsWritten: 1 })).not.toBeNull();
      await finalizeBatchIfDone(tx, { batchId: id });
    });
    const status = await call("get /v1/batches/{id}", { apiKey, id });
    expect(status.body.data).toMatchObject({ status: "cancelled", counts: { succeeded: 1, cancelled: 2 } });
    expect(status.body.data.completed_at).not.toBeNull();
    await expectMoneyConsistent(accountId, id, 2);
  });

  it("an item that fails after the cancel is refunded too, and the batch ends cancelled", async () => {
    const { accountId, apiKey } = await newAccount({ credit: 1 });
    const id = await submit(apiKey, 2);
    const [first] = await itemsOf(id);
    await claimItem(getDb(), { itemId: first!.id, workerId: "w1", leaseSeconds: 60 });
    await cancel(apiKey, id);
    expect(await failItem({ itemId: first!.id, workerId: "w1", code: "corrupt_media", message: "bad" })).toBe(true);
    expect((await call("get /v1/batches/{id}", { apiKey, id })).body.data.status).toBe("cancelled");
    await expectMoneyConsistent(accountId, id, 2);
  });

  it("an item handed back to the queue after the cancel is never claimed again, but cancelled and refunded", async () => {
    const { accountId, apiKey } = await newAccount({ credit: 1 });
    const id = await submit(apiKey, 2);
    const [first] = await itemsOf(id);
    await claimItem(getDb(), { itemId: first!.id, workerId: "w1", leaseSeconds: 60 });
    await cancel(apiKey, id);
    await releaseItem(getDb(), { itemId: first!.id, workerId: "w1" });
    expect(await claimItem(getDb(), { itemId: first!.id, workerId: "w2", leaseSeconds: 60 })).toBeNull();
    expect(await cancelQueuedItemsIfCancelled({ batchId: id })).toBe(1);
    expect((await itemsOf(id)).map((i) => i.status)).toEqual(["cancelled", "cancelled"]);
    expect((await call("get /v1/batches/{id}", { apiKey, id })).body.data.status).toBe("cancelled");
    await expectMoneyConsistent(accountId, id, 2);
  });

  it("a dead worker's item in a cancelled batch is cancelled by the sweeper, not requeued", async () => {
    const { accountId, apiKey } = await newAccount({ credit: 1 });
    const id = await submit(apiKey, 2);
    const [first] = await itemsOf(id);
    await claimItem(getDb(), { itemId: first!.id, workerId: "dead-worker", leaseSeconds: 60 });
    await cancel(apiKey, id);
    await getDb().update(batchItems).set({ leaseExpiresAt: sql`now() - interval '1 second'` }).where(eq(batchItems.id, first!.id));
    await sweepExpiredItems({ sweeperId: "sweeper" });
    expect((await itemsOf(id)).map((i) => i.status)).toEqual(["cancelled", "cancelled"]);
    expect((await call("get /v1/batches/{id}", { apiKey, id })).body.data.status).toBe("cancelled");
    await expectMoneyConsistent(accountId, id, 2);
  });
});
