import { describe, expect, it } from "vitest";
import { sql } from "drizzle-orm";
import { getDb } from "@/db/client";
import { beatWorkerHeartbeat, removeWorkerHeartbeat, unlockJobsOfDeadWorkers } from "@/db/queries/workers";
import { startWorkerProcess } from "@/test/support/worker-process";
import { itemsOf, newAccount, postBatch, waitForBatch } from "./helpers";

/** One queued item whose job no worker has run yet (no worker is running). */
async function queuedItem(name: string) {
  const { accountId, apiKey } = await newAccount({ credit: 1 });
  const { body } = await postBatch({ apiKey, files: [{ name, content: `The lighthouse keeper of ${name} logs the storm.` }] });
  const batchId = body.data.batch_id as string;
  const [item] = await itemsOf(batchId);
  expect(item!.status).toBe("queued");
  return { accountId, batchId, itemId: item!.id };
}

/** What a worker killed after graphile-worker fetched the job, before claimItem, leaves behind. */
async function lockAsKilledWorker(itemId: string, workerId: string, lockedSecondsAgo: number) {
  const rows = await getDb().execute(sql`
    update graphile_worker._private_jobs
    set locked_by = ${workerId}, locked_at = now() - make_interval(secs => ${lockedSecondsAgo}), attempts = attempts + 1
    where key = ${itemId} returning id`);
  expect([...rows]).toHaveLength(1);
}

async function lockOf(itemId: string) {
  const [row] = await getDb().execute<{ locked_by: string | null }>(sql`select locked_by from graphile_worker._private_jobs where key = ${itemId}`);
  return row?.locked_by ?? null;
}

describe("a job fetched by a worker that died before claiming its item", () => {
  it("is unlocked and processed by a live worker within seconds, not graphile-worker's 4 hours", async () => {
    const { accountId, batchId, itemId } = await queuedItem("killed-before-claim.txt");
    await lockAsKilledWorker(itemId, "worker-killed-before-claim", 1);

    startWorkerProcess();
    // The lease is 5 s: the sweeper runs every 2 s and calls a worker dead after a lease without a heartbeat.
    const done = await waitForBatch(accountId, batchId, 45_000);
    expect(done.status).toBe("completed");
    expect(done.counts.succeeded).toBe(1);
    expect(await lockOf(itemId)).toBeNull();
  }, 120_000);

  it("gives a queued item whose job is gone a new job", async () => {
    const { accountId, batchId, itemId } = await queuedItem("job-gone.txt");
    await getDb().execute(sql`delete from graphile_worker._private_jobs where key = ${itemId}`);

    startWorkerProcess();
    const done = await waitForBatch(accountId, batchId, 60_000);
    expect(done.status).toBe("completed");
    const [item] = await itemsOf(batchId);
    expect(item).toMatchObject({ status: "succeeded", attempts: 1 });
  }, 120_000);

  it("leaves the locks of a worker that still heartbeats", async () => {
    const { itemId } = await queuedItem("live-lock.txt");
    await beatWorkerHeartbeat(getDb(), { workerId: "tessera-alive", jobWorkerIds: ["worker-alive"] });
    await lockAsKilledWorker(itemId, "worker-alive", 600);
    try {
      expect(await unlockJobsOfDeadWorkers(getDb(), { deadAfterSeconds: 5 })).not.toContain("worker-alive");
      expect(await lockOf(itemId)).toBe("worker-alive");

      // Once its heartbeat is a lease old, the same lock is a dead worker's.
      await getDb().execute(sql`update worker_heartbeats set heartbeat_at = now() - interval '10 seconds' where worker_id = 'tessera-alive'`);
      expect(await unlockJobsOfDeadWorkers(getDb(), { deadAfterSeconds: 5 })).toContain("worker-alive");
      expect(await lockOf(itemId)).toBeNull();
    } finally {
      await removeWorkerHeartbeat(getDb(), { workerId: "tessera-alive" });
      await getDb().execute(sql`delete from graphile_worker._private_jobs where key = ${itemId}`);
    }
  });
});
