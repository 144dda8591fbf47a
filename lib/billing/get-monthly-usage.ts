import type { DbOrTx } from "@/db/client";
import { dailyUsage } from "@/db/queries/usage";

export interface MonthlyUsage {
  /** YYYY-MM, UTC. */
  month: string;
  /** Every day of the month, the days still to come included (all zero), so charts keep their shape. */
  days: { date: string; files_processed: number; spend_micros: number }[];
  totals: { files_processed: number; spend_micros: number };
}

/**
 * This UTC month's usage. Files processed counts items that succeeded (what the account got);
 * spend is charges minus refunds in micro-dollars, so a failed item's refund lowers the day it
 * was refunded on, which can be a later day than its charge.
 */
export async function getMonthlyUsage(db: DbOrTx, { accountId, now = new Date() }: { accountId: string; now?: Date }): Promise<MonthlyUsage> {
  const from = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), 1));
  const to = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() + 1, 1));
  const rows = new Map((await dailyUsage(db, { accountId, from, to })).map((row) => [row.day, row]));
  const days: MonthlyUsage["days"] = [];
  for (let day = new Date(from); day < to; day = new Date(day.getTime() + 86_400_000)) {
    const date = day.toISOString().slice(0, 10);
    const row = rows.get(date);
    days.push({ date, files_processed: row?.filesProcessed ?? 0, spend_micros: row?.spendMicros ?? 0 });
  }
  return {
    month: from.toISOString().slice(0, 7),
    days,
    totals: {
      files_processed: days.reduce((sum, d) => sum + d.files_processed, 0),
      spend_micros: days.reduce((sum, d) => sum + d.spend_micros, 0),
    },
  };
}
