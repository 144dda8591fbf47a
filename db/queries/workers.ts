import { eq, sql } from "drizzle-orm";
import type { DbOrTx } from "../client";
import { workerHeartbeats } from "../schema";

/** Records that this worker process is alive and which graphile-worker ids are its own. */
export async function beatWorkerHeartbeat(db: DbOrTx, { workerId, jobWorkerIds }: { workerId: string; jobWorkerIds: string[] }) {
  await db
    .insert(workerHeartbeats)
    .values({ workerId, jobWorkerIds })
    .onConflictDoUpdate({ target: workerHeartbeats.workerId, set: { jobWorkerIds, heartbeatAt: sql`now()` } });
}

export async function removeWorkerHeartbeat(db: DbOrTx, { workerId }: { workerId: string }) {
  await db.delete(workerHeartbeats).where(eq(workerHeartbeats.workerId, workerId));
}

/**
 * Unlocks the jobs held by graphile-worker ids that no live worker process claims (its heartbeat
 * is older than `deadAfterSeconds`, or it never had one): a process killed between fetching a job
 * and claiming its item would otherwise keep the job locked for graphile-worker's 4 hours. A lock
 * younger than `deadAfterSeconds` is left alone: its worker may not have beaten its first heartbeat.
 * Returns the ids unlocked.
 */
export async function unlockJobsOfDeadWorkers(db: DbOrTx, { deadAfterSeconds }: { deadAfterSeconds: number }): Promise<string[]> {
  const dead = await db.execute<{ locked_by: string }>(sql`
    select distinct j.locked_by from graphile_worker._private_jobs j
    where j.locked_by is not null
      and j.locked_at < now() - make_interval(secs => ${deadAfterSeconds})
      and not exists (
        select 1 from ${workerHeartbeats} w
        where j.locked_by = any(w.job_worker_ids) and w.heartbeat_at > now() - make_interval(secs => ${deadAfterSeconds})
      )`);
  const ids = [...dead].map((r) => r.locked_by);
  if (ids.length === 0) return [];
  await db.execute(sql`select graphile_worker.force_unlock_workers(array[${sql.join(
    ids.map((id) => sql`${id}`),
    sql`, `,
  )}]::text[])`);
  await db.execute(sql`delete from ${workerHeartbeats} where heartbeat_at < now() - make_interval(secs => ${deadAfterSeconds})`);
  return ids;
}

/**
 * Queued items of live batches (duplicates waiting for their original aside) that no job will ever run (none exists under the item's key, or its
 * job used every attempt): the sweeper queues them again.
 */
export async function findQueuedItemsWithoutJob(db: DbOrTx, { olderThanSeconds }: { olderThanSeconds: number }): Promise<string[]> {
  const rows = await db.execute<{ id: string }>(sql`
    select i.id from batch_items i join batches b on b.id = i.batch_id
    where i.status = 'queued' and i.duplicate_of is null and b.cancelled_at is null
      and i.created_at < now() - make_interval(secs => ${olderThanSeconds})
      and not exists (
        select 1 from graphile_worker._private_jobs j
        where j.key = i.id and j.attempts < j.max_attempts
      )`);
  return [...rows].map((r) => r.id);
}
