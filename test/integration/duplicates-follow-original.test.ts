import { afterEach, describe, expect, it } from "vitest";
import { rm } from "node:fs/promises";
import { getDb } from "@/db/client";
import { getBalance } from "@/db/queries/ledger";
import { getMediaRow } from "@/db/queries/items";
import { startPostgresWorker, type RunningWorker } from "@/lib/jobs/postgres-worker";
import { balanceFromLedger, itemsOf, ledgerOf, newAccount, postBatch, waitForBatch } from "./helpers";

let worker: RunningWorker | undefined;
afterEach(async () => {
  await worker?.stop();
  worker = undefined;
});

const content = (phrase: string) => `${phrase}\n\nA second paragraph so the document has some body to it.`;
const batchIdOf = (response: { body: any }) => response.body.data.batch_id as string;

async function expectLedgerMatchesBalance(accountId: string) {
  expect(await getBalance(getDb(), { accountId })).toBe(balanceFromLedger(await ledgerOf(accountId)));
}

describe("a duplicate of a file still in flight", () => {
  it("waits for its original and is skipped, free, once the original succeeded", async () => {
    const { accountId, apiKey } = await newAccount({ credit: 1 });
    const first = await postBatch({ apiKey, files: [{ name: "report.txt", content: content("Echo harbour ledger") }] });
    const again = await postBatch({ apiKey, files: [{ name: "report-copy.txt", content: content("Echo harbour ledger") }] });
    expect(again.body.data.cost_estimate.total).toBe(0);
    // No worker yet: the original is queued, so the duplicate is not done either.
    const [waiting] = await itemsOf(batchIdOf(again));
    expect(waiting).toMatchObject({ status: "queued", chargedMicros: 0 });
    expect((await waitForBatchOpen(accountId, batchIdOf(again))).status).toBe("created");

    worker = await startPostgresWorker({ concurrency: 1 });
    expect((await waitForBatch(accountId, batchIdOf(first))).status).toBe("completed");
    const done = await waitForBatch(accountId, batchIdOf(again));
    expect(done.status).toBe("completed");
    const [original] = await itemsOf(batchIdOf(first));
    const [duplicate] = await itemsOf(batchIdOf(again));
    expect(duplicate).toMatchObject({ status: "skipped_duplicate", mediaId: original!.mediaId, chargedMicros: 0 });
    expect((await getMediaRow(getDb(), { mediaId: original!.mediaId! }))?.status).toBe("ready");
    expect((await ledgerOf(accountId)).map((e) => e.type)).toEqual(["adjustment", "charge"]);
    expect(await getBalance(getDb(), { accountId })).toBe(1_000_000 - 40_000);
  });

  it("does not complete pointing at nothing when the original fails: it fails too, and nothing is charged for either", async () => {
    const { accountId, apiKey } = await newAccount({ credit: 1 });
    const first = await postBatch({ apiKey, files: [{ name: "lost.txt", content: content("Foxtrot pier manifest") }] });
    const again = await postBatch({ apiKey, files: [{ name: "lost-again.txt", content: content("Foxtrot pier manifest") }] });
    const inBatch = await postBatch({
      apiKey,
      files: [
        { name: "other.txt", content: content("Golf quay timetable") },
        { name: "lost-third.txt", content: content("Foxtrot pier manifest") },
      ],
    });
    // The original's upload vanishes from disk before a worker reaches it, so it fails.
    const [original] = await itemsOf(batchIdOf(first));
    await rm(original!.uploadPath!, { force: true });

    worker = await startPostgresWorker({ concurrency: 1 });
    expect((await waitForBatch(accountId, batchIdOf(first))).status).toBe("failed");
    const done = await waitForBatch(accountId, batchIdOf(again));
    expect(done.status).toBe("failed");
    const [duplicate] = await itemsOf(batchIdOf(again));
    expect(duplicate).toMatchObject({ status: "failed", mediaId: null, chargedMicros: 0 });
    expect(duplicate!.errorMessage).toContain(original!.id);
    expect(await getMediaRow(getDb(), { mediaId: original!.mediaId! })).toBeNull();

    // A batch with other work completes, and its copy of the failed file is reported failed.
    const mixed = await waitForBatch(accountId, batchIdOf(inBatch));
    expect(mixed.status).toBe("completed");
    expect((await itemsOf(batchIdOf(inBatch))).map((i) => i.status)).toEqual(["succeeded", "failed"]);

    const ledger = await ledgerOf(accountId);
    expect(ledger.map((e) => e.type)).toEqual(["adjustment", "charge", "charge", "refund"]);
    expect(await getBalance(getDb(), { accountId })).toBe(1_000_000 - 40_000);
    await expectLedgerMatchesBalance(accountId);
  });
});

describe("deduplication compares the type", () => {
  it("processes and charges the same bytes as .txt and as .md as two documents", async () => {
    const { accountId, apiKey } = await newAccount({ credit: 1 });
    const bytes = content("Hotel dock inventory");
    const first = await postBatch({ apiKey, files: [{ name: "notes.txt", content: bytes }, { name: "notes.md", content: bytes }] });
    expect(first.body.data.cost_estimate.total).toBe(0.08);
    worker = await startPostgresWorker({ concurrency: 1 });
    expect((await waitForBatch(accountId, batchIdOf(first))).counts.succeeded).toBe(2);
    const [txt, md] = await itemsOf(batchIdOf(first));
    expect(txt!.mediaId).not.toBe(md!.mediaId);

    // And a later copy is a duplicate of the one with its own type only.
    const later = await postBatch({ apiKey, files: [{ name: "again.md", content: bytes }, { name: "again.csv", content: bytes }] });
    expect(later.body.data.cost_estimate.total).toBe(0.04);
    await waitForBatch(accountId, batchIdOf(later));
    const [mdAgain, csv] = await itemsOf(batchIdOf(later));
    expect(mdAgain).toMatchObject({ status: "skipped_duplicate", mediaId: md!.mediaId });
    expect(csv!.status).not.toBe("skipped_duplicate");
    await expectLedgerMatchesBalance(accountId);
  });
});

async function waitForBatchOpen(accountId: string, batchId: string) {
  // A moment for anything that would (wrongly) close it at once.
  await new Promise((r) => setTimeout(r, 500));
  const { getBatchStatus } = await import("@/lib/batches/get-batch-status");
  return getBatchStatus({ accountId, batchId, includeErrors: true, includeJobDetails: true });
}
