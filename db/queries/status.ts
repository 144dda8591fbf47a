import { sql } from "drizzle-orm";
import type { DbOrTx } from "../client";

/**
 * The queue as this account sees it, plus two signs of worker life: a live lease (workers
 * heartbeat the items they hold) and the last time any item was started.
 */
export async function queueSnapshot(db: DbOrTx, { accountId }: { accountId: string }) {
  const [row] = await db.execute<{ queued: number; processing: number; live: boolean; last_started: string | null }>(sql`
    select
      (select count(*)::int from batch_items where account_id = ${accountId} and status = 'queued') as queued,
      (select count(*)::int from batch_items where account_id = ${accountId} and status = 'processing') as processing,
      exists (select 1 from batch_items where status = 'processing' and lease_expires_at > now()) as live,
      (select max(started_at)::text from batch_items where started_at is not null) as last_started`);
  return {
    queued: Number(row!.queued),
    processing: Number(row!.processing),
    workerActive: Boolean(row!.live),
    lastStartedAt: row!.last_started ? new Date(row!.last_started) : null,
  };
}
