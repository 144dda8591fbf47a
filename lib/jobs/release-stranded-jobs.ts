import { getDb } from "@/db/client";
import { findQueuedItemsWithoutJob, unlockJobsOfDeadWorkers } from "@/db/queries/workers";
import { enqueueItems } from "./index";

/**
 * The other half of the lease sweep, for items that never became `processing`: a worker killed
 * between graphile-worker fetching a job and claimItem leaves the job locked (graphile-worker
 * frees it after 4 hours) and the item `queued`. Jobs locked by a worker with no live heartbeat
 * are unlocked so a live worker runs them now, and a queued item left with no runnable job gets
 * a fresh one. Postgres driver only; safe to run from every worker at once.
 */
export async function releaseStrandedJobs({ deadAfterSeconds }: { deadAfterSeconds: number }): Promise<{ unlockedWorkers: number; requeuedItems: number }> {
  const db = getDb();
  const unlocked = await unlockJobsOfDeadWorkers(db, { deadAfterSeconds });
  const requeued = await db.transaction(async (tx) => {
    const itemIds = await findQueuedItemsWithoutJob(tx, { olderThanSeconds: deadAfterSeconds });
    // The job key is the item id: queuing one that did get a job meanwhile only replaces it.
    await enqueueItems(tx, itemIds, { driver: "postgres" });
    return itemIds;
  });
  return { unlockedWorkers: unlocked.length, requeuedItems: requeued.length };
}
