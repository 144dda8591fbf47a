import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { eq } from "drizzle-orm";
import { getDb } from "@/db/client";
import { chunks } from "@/db/schema";
import { getBalance } from "@/db/queries/ledger";
import { getTextEmbedder } from "@/lib/embeddings";
import { startPostgresWorker, type RunningWorker } from "@/lib/jobs/postgres-worker";
import { getMediaVectors } from "@/lib/vectors/chroma";
import { balanceFromLedger, fixture, itemsOf, ledgerOf, newAccount, postBatch, waitForBatch } from "./helpers";

let worker: RunningWorker;
beforeAll(async () => {
  worker = await startPostgresWorker({ concurrency: 2 });
});
afterAll(async () => {
  await worker.stop();
});

const text = (phrase: string) => `${phrase}\n\nA second paragraph so the document has some body to it.`;

async function expectLedgerMatchesBalance(accountId: string) {
  expect(await getBalance(getDb(), { accountId })).toBe(balanceFromLedger(await ledgerOf(accountId)));
}

describe("deduplication", () => {
  it("skips a file already in the collection, and a repeat within the batch, free of charge", async () => {
    const { accountId, apiKey } = await newAccount({ credit: 1 });
    const first = await postBatch({ apiKey, files: [{ name: "a.txt", content: text("Alpha lighthouse") }] });
    await waitForBatch(accountId, first.body.data.batch_id);

    const second = await postBatch({
      apiKey,
      files: [
        { name: "renamed-a.txt", content: text("Alpha lighthouse") },
        { name: "b.txt", content: text("Bravo harbour") },
        { name: "b-again.txt", content: text("Bravo harbour") },
      ],
    });
    expect(second.status).toBe(200);
    expect(second.body.data.total_items).toBe(3);
    expect(second.body.data.cost_estimate.total).toBe(0.04);
    const done = await waitForBatch(accountId, second.body.data.batch_id);
    expect(done.status).toBe("completed");
    expect(done.counts).toMatchObject({ succeeded: 1, skipped_duplicate: 2 });
    const items = await itemsOf(second.body.data.batch_id);
    expect(items.map((i) => i.status)).toEqual(["skipped_duplicate", "succeeded", "skipped_duplicate"]);
    expect(items[0]!.mediaId).toBe((await itemsOf(first.body.data.batch_id))[0]!.mediaId);
    expect(items.map((i) => i.chargedMicros)).toEqual([0, 40_000, 0]);
    expect(await getBalance(getDb(), { accountId })).toBe(1_000_000 - 2 * 40_000);
    await expectLedgerMatchesBalance(accountId);
  });

  it("treats the same file in another collection as new", async () => {
    const { accountId, apiKey } = await newAccount({ credit: 1 });
    const a = await postBatch({ apiKey, files: [{ name: "a.txt", content: text("Charlie pier") }], fields: { collection_id: "one" } });
    const b = await postBatch({ apiKey, files: [{ name: "a.txt", content: text("Charlie pier") }], fields: { collection_id: "two" } });
    expect(a.body.data.cost_estimate.total).toBe(0.04);
    expect(b.body.data.cost_estimate.total).toBe(0.04);
    expect((await waitForBatch(accountId, b.body.data.batch_id)).counts.succeeded).toBe(1);
  });

  it("gives a new revision to the same filename with different content", async () => {
    const { accountId, apiKey } = await newAccount({ credit: 1 });
    const v1 = await postBatch({ apiKey, files: [{ name: "notes.txt", content: text("Version one") }] });
    await waitForBatch(accountId, v1.body.data.batch_id);
    const v2 = await postBatch({ apiKey, files: [{ name: "notes.txt", content: text("Version two") }] });
    await waitForBatch(accountId, v2.body.data.batch_id);
    const [m1] = await itemsOf(v1.body.data.batch_id);
    const [m2] = await itemsOf(v2.body.data.batch_id);
    expect(m2!.mediaId).not.toBe(m1!.mediaId);
    const rows = await getDb().query.media.findMany({ where: (m, { inArray }) => inArray(m.id, [m1!.mediaId!, m2!.mediaId!]) });
    expect(rows.map((r) => r.revision).sort()).toEqual([1, 2]);
  });
});

describe("force_overwrite", () => {
  it("reprocesses a known file, charges it, and replaces its vectors without duplicating them", async () => {
    const { accountId, apiKey } = await newAccount({ credit: 1 });
    const content = Array.from({ length: 40 }, (_, i) => `Sentence ${i} describes harbour number ${i} in some detail.`).join(" ");
    const first = await postBatch({ apiKey, files: [{ name: "harbours.txt", content }], fields: { batch_options: JSON.stringify({ chunk_size: 50, chunk_overlap: 5 }) } });
    await waitForBatch(accountId, first.body.data.batch_id);
    const [item] = await itemsOf(first.body.data.batch_id);
    const before = await getDb().select().from(chunks).where(eq(chunks.mediaId, item!.mediaId!));
    expect(before.length).toBeGreaterThan(3);

    const again = await postBatch({ apiKey, files: [{ name: "harbours.txt", content }], fields: { force_overwrite: "true" } });
    expect(again.body.data.cost_estimate.total).toBe(0.04);
    expect(again.body.data.settings.force_overwrite).toBe(true);
    expect(again.body.metadata.force_overwrite).toBe(true);
    const done = await waitForBatch(accountId, again.body.data.batch_id);
    expect(done.counts.succeeded).toBe(1);
    const [reItem] = await itemsOf(again.body.data.batch_id);
    expect(reItem!.mediaId).toBe(item!.mediaId);

    // Default chunking makes fewer, larger chunks than the first run: stale ones must be gone.
    const after = await getDb().select().from(chunks).where(eq(chunks.mediaId, item!.mediaId!));
    expect(after.length).toBeLessThan(before.length);
    const media = await getDb().query.media.findFirst({ where: (m, { eq }) => eq(m.id, item!.mediaId!) });
    const vectors = await getMediaVectors({ accountId, collectionRowId: media!.collectionId, space: "text", mediaId: item!.mediaId! });
    expect(vectors.ids.length).toBe(after.length);
    expect(await getBalance(getDb(), { accountId })).toBe(1_000_000 - 2 * 40_000);
    await expectLedgerMatchesBalance(accountId);
  });
});

describe("force_overwrite of unchanged content", () => {
  it("reuses the stored vectors of chunks whose text is unchanged instead of embedding them again", async () => {
    const { accountId, apiKey } = await newAccount({ credit: 1 });
    const options = { batch_options: JSON.stringify({ chunk_size: 50, chunk_overlap: 0 }) };
    const content = Array.from({ length: 30 }, (_, i) => `Paragraph ${i} tells of lighthouse ${i} and its keeper.`).join("\n\n");
    const first = await postBatch({ apiKey, files: [{ name: "keepers.txt", content }], fields: options });
    await waitForBatch(accountId, first.body.data.batch_id);
    const [item] = await itemsOf(first.body.data.batch_id);
    const media = await getDb().query.media.findFirst({ where: (m, { eq }) => eq(m.id, item!.mediaId!) });
    const stored = await getMediaVectors({ accountId, collectionRowId: media!.collectionId, space: "text", mediaId: media!.id });

    const embedder = await getTextEmbedder();
    const embedTexts = vi.spyOn(embedder, "embedTexts");
    try {
      const again = await postBatch({ apiKey, files: [{ name: "keepers.txt", content }], fields: { ...options, force_overwrite: "true" } });
      expect((await waitForBatch(accountId, again.body.data.batch_id)).counts.succeeded).toBe(1);
      // Same text, same model: nothing to embed again.
      expect(embedTexts.mock.calls.flatMap(([texts]) => texts)).toEqual([]);
    } finally {
      embedTexts.mockRestore();
    }
    const after = await getMediaVectors({ accountId, collectionRowId: media!.collectionId, space: "text", mediaId: media!.id });
    expect(after.ids.sort()).toEqual(stored.ids.sort());
    expect(after.documents.sort()).toEqual(stored.documents.sort());
    // Search still finds it by its words.
    const { searchMedia } = await import("@/lib/search/search-media");
    const found = await searchMedia({ accountId, request: { query: "lighthouse 17 keeper", collections: "all", max_results: 3, lexical_weight: 0 } });
    expect(found.results[0]?.media_id).toBe(media!.id);
  });
});

describe("a failing file", () => {
  it("is refunded once while the rest of the batch succeeds", async () => {
    const { accountId, apiKey } = await newAccount({ credit: 1 });
    const { body } = await postBatch({
      apiKey,
      files: [
        { name: "good.txt", content: text("Delta dock") },
        { name: "broken.pdf", content: await fixture("documents/truncated.pdf") },
        { name: "also-good.md", content: text("# Echo\n\nEcho estuary") },
      ],
    });
    const done = await waitForBatch(accountId, body.data.batch_id);
    expect(done.status).toBe("completed");
    expect(done.counts).toMatchObject({ succeeded: 2, failed: 1 });
    expect(done.errors).toEqual([expect.objectContaining({ filename: "broken.pdf", code: "corrupt_media" })]);
    expect(done.cost).toEqual({ charged: 0.12, refunded: 0.04, net: 0.08 });
    const ledger = await ledgerOf(accountId);
    expect(ledger.filter((e) => e.type === "refund")).toHaveLength(1);
    expect(await getBalance(getDb(), { accountId })).toBe(1_000_000 - 2 * 40_000);
    await expectLedgerMatchesBalance(accountId);
    // A failed new file leaves no media behind, so uploading it again is not a "duplicate".
    const failedItem = (await itemsOf(body.data.batch_id)).find((i) => i.status === "failed")!;
    expect(await getDb().query.media.findFirst({ where: (m, { eq }) => eq(m.id, failedItem.mediaId!) })).toBeUndefined();
  });

  it("fails a document over 75K tokens with content_limit_exceeded and refunds it", async () => {
    const { accountId, apiKey } = await newAccount({ credit: 1 });
    const huge = Array.from({ length: 80_000 }, (_, i) => `w${i % 97}`).join(" ");
    const { body } = await postBatch({ apiKey, files: [{ name: "huge.txt", content: huge }] });
    const done = await waitForBatch(accountId, body.data.batch_id);
    expect(done.status).toBe("failed");
    expect(done.errors?.[0]).toMatchObject({ code: "content_limit_exceeded" });
    expect(await getBalance(getDb(), { accountId })).toBe(1_000_000);
  });
});

describe("concurrency and idempotency", () => {
  it("never overdraws: 20 concurrent submissions against a balance that covers 10", async () => {
    const { accountId, apiKey } = await newAccount({ credit: 0.4 });
    const results = await Promise.all(
      Array.from({ length: 20 }, (_, i) => postBatch({ apiKey, files: [{ name: `c${i}.txt`, content: text(`Concurrent file ${i}`) }] })),
    );
    const statuses = results.map((r) => r.status);
    expect(statuses.filter((s) => s === 200)).toHaveLength(10);
    expect(results.filter((r) => r.status === 403).every((r) => r.body.error.code === "insufficient_funds")).toBe(true);
    expect(statuses.filter((s) => s === 403)).toHaveLength(10);
    expect(await getBalance(getDb(), { accountId })).toBe(0);
    await expectLedgerMatchesBalance(accountId);
  });

  it("charges once for an Idempotency-Key retry and refuses the key on a different request", async () => {
    const { accountId, apiKey } = await newAccount({ credit: 1 });
    const files = [{ name: "idem.txt", content: text("Foxtrot ferry") }];
    const headers = { "idempotency-key": "retry-123" };
    const [a, b] = await Promise.all([postBatch({ apiKey, files, headers }), postBatch({ apiKey, files, headers })]);
    const c = await postBatch({ apiKey, files, headers });
    expect([a.status, b.status, c.status]).toEqual([200, 200, 200]);
    expect(b.body.data.batch_id).toBe(a.body.data.batch_id);
    expect(c.body).toEqual(a.body);
    const charges = (await ledgerOf(accountId)).filter((e) => e.type === "charge");
    expect(charges).toHaveLength(1);

    const other = await postBatch({ apiKey, files: [{ name: "other.txt", content: text("Golf gate") }], headers });
    expect(other.status).toBe(409);
    expect(other.body.error.code).toBe("idempotency_conflict");
    expect((await ledgerOf(accountId)).filter((e) => e.type === "charge")).toHaveLength(1);
  });
});
