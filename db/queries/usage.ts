import { sql } from "drizzle-orm";
import type { DbOrTx } from "../client";

export interface DailyUsageRow {
  /** UTC calendar day, YYYY-MM-DD. */
  day: string;
  filesProcessed: number;
  spendMicros: number;
}

/**
 * Per UTC day in [from, to): files processed (items that succeeded, by when they finished)
 * and spend (charges minus refunds, by when the ledger entry was written). Days without
 * either are absent. Top-ups and operator adjustments are not spending.
 */
export async function dailyUsage(db: DbOrTx, { accountId, from, to }: { accountId: string; from: Date; to: Date }): Promise<DailyUsageRow[]> {
  const rows = await db.execute<{ day: string; files: number; spend: string }>(sql`
    with files as (
      select to_char(finished_at at time zone 'UTC', 'YYYY-MM-DD') as day, count(*)::int as files
      from batch_items
      where account_id = ${accountId} and status = 'succeeded' and finished_at >= ${from.toISOString()} and finished_at < ${to.toISOString()}
      group by 1
    ), spend as (
      select to_char(created_at at time zone 'UTC', 'YYYY-MM-DD') as day, (-sum(amount_micros))::bigint as spend
      from ledger_entries
      where account_id = ${accountId} and type in ('charge', 'refund') and created_at >= ${from.toISOString()} and created_at < ${to.toISOString()}
      group by 1
    )
    select coalesce(f.day, s.day) as day, coalesce(f.files, 0)::int as files, coalesce(s.spend, 0)::text as spend
    from files f full outer join spend s on s.day = f.day
    order by 1`);
  return rows.map((row) => ({ day: row.day, filesProcessed: Number(row.files), spendMicros: Number(row.spend) }));
}
