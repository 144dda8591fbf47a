import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { existsSync } from "node:fs";
import { getDb } from "@/db/client";
import { getBalance } from "@/db/queries/ledger";
import { ITEM_PRICE_MICROS } from "@/lib/constants";
import { startPostgresWorker, type RunningWorker } from "@/lib/jobs/postgres-worker";
import { call, textForm } from "./api-client";
import { balanceFromLedger, itemsOf, ledgerOf, newAccount } from "./helpers";

let worker: RunningWorker;
beforeAll(async () => {
  worker = await startPostgresWorker({ concurrency: 2 });
});
afterAll(async () => {
  await worker.stop();
});

/** Enough text for a few dozen chunks, so each item takes a second or more to embed. */
function slowDocument(n: number) {
  return Array.from({ length: 150 }, (_, i) => `Document ${n} sentence ${i} talks about lighthouse ${i % 17} and harbour ${(i * n) % 23}.`).join(" ");
}

async function waitFor<T>(what: string, read: () => Promise<T>, done: (value: T) => boolean, timeoutMs = 90_000): Promise<T> {
  const started = Date.now();
  for (;;) {
    const value = await read();
    if (done(value)) return value;
    if (Date.now() - started > timeoutMs) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

describe("cancelling while a real worker runs items", () => {
  it("every item ends succeeded or cancelled, and exactly the cancelled ones are refunded, once", async () => {
    const { accountId, apiKey } = await newAccount({ credit: 5 });
    const files = Array.from({ length: 8 }, (_, i) => ({ name: `slow-${i}.txt`, content: slowDocument(i + 1) }));
    const submitted = await call("post /v1/batches", { apiKey, form: textForm(files, { collection_id: "race" }) });
    expect(submitted.status).toBe(200);
    const id = submitted.body.data.batch_id as string;

    await waitFor("an item to start", () => itemsOf(id), (items) => items.some((i) => i.status === "processing"));
    // Two cancels race each other as well as the worker.
    const [a, b] = await Promise.all([call("put /v1/batches/{id}/state", { apiKey, id, json: { state: "cancelled" } }), call("put /v1/batches/{id}/state", { apiKey, id, json: { state: "cancelled" } })]);
    expect([a.status, b.status]).toEqual([200, 200]);
    expect(a.body.data.cancelled_items + b.body.data.cancelled_items).toBeGreaterThan(0);

    const final = await waitFor(
      "the batch to end",
      () => call("get /v1/batches/{id}", { apiKey, id }),
      (r) => r.body.data.completed_at !== null,
    );
    expect(final.body.data.status).toBe("cancelled");
    const items = await itemsOf(id);
    const cancelled = items.filter((i) => i.status === "cancelled");
    const succeeded = items.filter((i) => i.status === "succeeded");
    expect(cancelled.length + succeeded.length).toBe(8);
    expect(succeeded.length).toBeGreaterThanOrEqual(1);
    expect(cancelled.length).toBe(a.body.data.cancelled_items + b.body.data.cancelled_items);
    // No cancelled item was ever started, and its upload is gone.
    expect(cancelled.every((i) => i.attempts === 0 && i.uploadPath === null)).toBe(true);

    const ledger = await ledgerOf(accountId);
    const refunds = ledger.filter((e) => e.type === "refund");
    expect(refunds.map((r) => r.itemId).sort()).toEqual(cancelled.map((i) => i.id).sort());
    expect(refunds.reduce((s, r) => s + r.amountMicros, 0)).toBe(cancelled.length * ITEM_PRICE_MICROS);
    expect(await getBalance(getDb(), { accountId })).toBe(balanceFromLedger(ledger));
    expect(await getBalance(getDb(), { accountId })).toBe(5_000_000 - succeeded.length * ITEM_PRICE_MICROS);
    expect(final.body.data.cost).toEqual({ charged: 0.32, refunded: cancelled.length * 0.04, net: Number((succeeded.length * 0.04).toFixed(2)) });

    // The worker keeps running: give it a moment to pick up any stale job, then nothing has changed.
    await new Promise((r) => setTimeout(r, 1500));
    expect((await itemsOf(id)).map((i) => i.status)).toEqual(items.map((i) => i.status));
    expect(items.filter((i) => i.uploadPath && existsSync(i.uploadPath))).toEqual([]);
  });
});
