import { sql } from "drizzle-orm";
import type { DbOrTx } from "../client";
import { workerHeartbeats } from "../schema";

/**
 * The queue as this account sees it, plus the signs of worker life: worker processes whose
 * heartbeat (beaten whether or not they hold an item) is younger than `aliveWithinSeconds`,
 * and the last time any item was started.
 */
export async function queueSnapshot(db: DbOrTx, { accountId, aliveWithinSeconds }: { accountId: string; aliveWithinSeconds: number }) {
  const [row] = await db.execute<{ queued: number; processing: number; alive: number; last_started: string | null }>(sql`
    select
      (select count(*)::int from batch_items where account_id = ${accountId} and status = 'queued') as queued,
      (select count(*)::int from batch_items where account_id = ${accountId} and status = 'processing') as processing,
      (select count(*)::int from ${workerHeartbeats} where heartbeat_at > now() - make_interval(secs => ${aliveWithinSeconds})) as alive,
      (select max(started_at)::text from batch_items where started_at is not null) as last_started`);
  return {
    queued: Number(row!.queued),
    processing: Number(row!.processing),
    workersAlive: Number(row!.alive),
    lastStartedAt: row!.last_started ? new Date(row!.last_started) : null,
  };
}
