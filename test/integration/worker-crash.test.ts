import { describe, expect, it } from "vitest";
import { getDb } from "@/db/client";
import { getBalance } from "@/db/queries/ledger";
import { countVectors } from "@/lib/vectors/chroma";
import { startWorkerProcess } from "@/test/support/worker-process";
import { balanceFromLedger, itemsOf, ledgerOf, newAccount, postBatch, waitFor, waitForBatch } from "./helpers";


/** ~7K tokens of distinct sentences: several seconds of embedding, so the kill lands mid-item. */
const longDocument = (seed: number) =>
  Array.from({ length: 500 }, (_, i) => `Ledger line ${i} of volume ${seed} records cargo number ${i * seed} arriving at dawn.`).join(" ");

describe("a worker killed mid-batch", () => {
  it("loses nothing: another worker takes the item over after its lease, and nothing is charged or stored twice", async () => {
    const { accountId, apiKey } = await newAccount({ credit: 1 });
    const files = [1, 2, 3].map((seed) => ({ name: `volume-${seed}.txt`, content: longDocument(seed) }));
    const { body } = await postBatch({ apiKey, files, fields: { collection_id: "crash" } });
    const batchId = body.data.batch_id as string;

    const first = startWorkerProcess();
    const victim = await waitFor(async () => (await itemsOf(batchId)).find((i) => i.status === "processing"), 60_000);
    first.kill("SIGKILL");

    startWorkerProcess();
    const done = await waitForBatch(accountId, batchId, 240_000);
    expect(done.status).toBe("completed");
    expect(done.counts.succeeded).toBe(3);

    const items = await itemsOf(batchId);
    expect(items.find((i) => i.id === victim.id)!.attempts).toBe(2);
    const collection = await getDb().query.collections.findFirst({ where: (c, { and, eq }) => and(eq(c.accountId, accountId), eq(c.name, "crash")) });
    const vectors = await countVectors({ accountId, collectionRowId: collection!.id, space: "text" });
    expect(vectors).toBe(items.reduce((sum, i) => sum + i.vectorsWritten, 0));

    const ledger = await ledgerOf(accountId);
    expect(ledger.map((e) => e.type)).toEqual(["adjustment", "charge"]);
    expect(await getBalance(getDb(), { accountId })).toBe(balanceFromLedger(ledger));
    expect(await getBalance(getDb(), { accountId })).toBe(1_000_000 - 3 * 40_000);
  }, 300_000);

  it("waits for a vector store that never answers, then fails the item with vectors_unavailable and refunds it once", async () => {
    const { accountId, apiKey } = await newAccount({ credit: 1 });
    const { body } = await postBatch({ apiKey, files: [{ name: "unlucky.txt", content: "Chroma will not answer for this one." }] });
    // A worker whose vector store refuses every connection: an outage, retried with backoff
    // without using the item's attempts, until ITEM_TIMEOUT_SECONDS have passed.
    startWorkerProcess({ CHROMA_URL: "http://127.0.0.1:9", ITEM_TIMEOUT_SECONDS: "5" });
    const done = await waitForBatch(accountId, body.data.batch_id, 90_000);
    expect(done.status).toBe("failed");
    const [item] = await itemsOf(body.data.batch_id);
    expect(item).toMatchObject({ status: "failed", attempts: 1, errorCode: "vectors_unavailable" });
    const ledger = await ledgerOf(accountId);
    expect(ledger.map((e) => e.type)).toEqual(["adjustment", "charge", "refund"]);
    expect(await getBalance(getDb(), { accountId })).toBe(1_000_000);
  });
});
