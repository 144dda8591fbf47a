import type { DbOrTx } from "@/db/client";
import { countBacklog, recentProcessingTimes } from "@/db/queries/batches";
import { DEFAULT_SECONDS_PER_ITEM } from "@/lib/constants";
import { env } from "@/lib/env";

/**
 * Seconds until a new batch's items are done: the work already queued ahead of it plus its
 * own, each item costing the mean of recently measured processing times for its type,
 * spread over the configured worker concurrency.
 */
export async function estimateCompletionSeconds(db: DbOrTx, mediaTypes: readonly string[]): Promise<number> {
  if (mediaTypes.length === 0) return 0;
  const [times, backlog] = await Promise.all([recentProcessingTimes(db), countBacklog(db)]);
  const secondsFor = (type: string) => (times.get(type) ?? DEFAULT_SECONDS_PER_ITEM * 1000) / 1000;
  const ahead = backlog.reduce((sum, row) => sum + row.n * secondsFor(row.mediaType), 0);
  const own = mediaTypes.reduce((sum, type) => sum + secondsFor(type), 0);
  return Math.max(1, Math.ceil((ahead + own) / env.WORKER_CONCURRENCY));
}
