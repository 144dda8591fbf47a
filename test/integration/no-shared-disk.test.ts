import { mkdtemp, readdir, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getDb } from "@/db/client";
import { getBalance } from "@/db/queries/ledger";
import { useBlobStoreForTests } from "@/lib/blob-store";
import { INCOMING_PREFIX } from "@/lib/storage";
import { countVectors } from "@/lib/vectors/chroma";
import { startS3Server, type S3Server } from "@/test/support/s3-server";
import { startWorkerProcess } from "@/test/support/worker-process";
import { itemsOf, newAccount, postBatch, waitFor, waitForBatch } from "./helpers";

// Three worker processes, each with its own empty DATA_DIR, sharing only PostgreSQL, Chroma and
// an object store (s3rver): what machines without a shared disk look like. The web side is this
// process's route handlers, pointed at the same bucket.
let s3: S3Server;
const workerDirs: string[] = [];
beforeAll(async () => {
  s3 = await startS3Server({ bucket: "tessera-workers" });
  useBlobStoreForTests(s3.store);
});
afterAll(async () => {
  useBlobStoreForTests(undefined);
  await s3?.stop();
  await Promise.all(workerDirs.map((dir) => rm(dir, { recursive: true, force: true })));
});


async function filesUnder(dir: string): Promise<string[]> {
  const names = await readdir(dir, { recursive: true, withFileTypes: true }).catch(() => []);
  return names.filter((d) => d.isFile()).map((d) => path.relative(dir, path.join(d.parentPath, d.name)));
}

/** ~7K tokens: seconds of embedding, so a kill lands while the item is in flight. */
const longDocument = Array.from({ length: 500 }, (_, i) => `Manifest entry ${i} lists crate ${i * 7} bound for the southern quay.`).join(" ");

describe("workers that share no disk", () => {
  it("process 100 items exactly once from the object store, and a killed worker's item is taken over", async () => {
    const { accountId, apiKey } = await newAccount({ credit: 10 });
    const batchIds: string[] = [];
    for (let b = 0; b < 4; b++) {
      const files = Array.from({ length: 25 }, (_, i) => {
        const n = b * 25 + i;
        return { name: `note-${n}.txt`, content: n === 0 ? longDocument : `Note ${n}: the tide table for pier ${n} reads ${n * 3} minutes past the hour.` };
      });
      const { status, body } = await postBatch({ apiKey, files, fields: { collection_id: "fleet/no-shared-disk" } });
      expect(status).toBe(200);
      batchIds.push(body.data.batch_id);
    }
    const queued = (await Promise.all(batchIds.map(itemsOf))).flat();
    expect(queued).toHaveLength(100);
    expect(queued.every((i) => i.uploadPath?.startsWith("s3://tessera-workers/"))).toBe(true);

    const dataDirs = await Promise.all([0, 1, 2].map((n) => mkdtemp(path.join(tmpdir(), `tessera-worker-${n}-`))));
    workerDirs.push(...dataDirs);
    const workers = dataDirs.map((DATA_DIR) => startWorkerProcess({ ...s3.env, DATA_DIR }));

    // The long item's worker dies mid-item, like a machine that lost power.
    const longItemId = queued.find((i) => i.filename === "note-0.txt")!.id;
    const victim = await waitFor(async () => (await itemsOf(batchIds[0]!)).find((i) => i.id === longItemId && i.status === "processing"), 120_000);
    const victimWorker = workers.find((w) => victim.workerId?.includes(`:${w.pid}:`));
    expect(victimWorker).toBeDefined();
    victimWorker!.kill("SIGKILL");

    for (const batchId of batchIds) {
      const done = await waitForBatch(accountId, batchId, 280_000);
      expect(done.status).toBe("completed");
      expect(done.counts.succeeded).toBe(25);
    }

    const items = (await Promise.all(batchIds.map(itemsOf))).flat();
    // Exactly once: one claim per item, but the killed one's, whose second claim finished it.
    expect(items.filter((i) => i.id !== longItemId).every((i) => i.status === "succeeded" && i.attempts === 1)).toBe(true);
    const taken = items.find((i) => i.id === longItemId)!;
    expect(taken).toMatchObject({ status: "succeeded", attempts: 2 });
    expect(taken.workerId).not.toBe(victim.workerId);
    const collection = await getDb().query.collections.findFirst({ where: (c, { and, eq }) => and(eq(c.accountId, accountId), eq(c.name, "fleet/no-shared-disk")) });
    expect(await countVectors({ accountId, collectionRowId: collection!.id, space: "text" })).toBe(items.reduce((sum, i) => sum + i.vectorsWritten, 0));
    expect(await getBalance(getDb(), { accountId })).toBe(10_000_000 - 100 * 40_000);

    // Every upload left the bucket as its item ended; no worker kept anything on its own disk.
    expect(await s3.keys(INCOMING_PREFIX)).toEqual([]);
    const survivors = dataDirs.filter((_, n) => workers[n] !== victimWorker);
    for (const dir of survivors) expect(await filesUnder(dir), dir).toEqual([]);
  }, 300_000);
});
