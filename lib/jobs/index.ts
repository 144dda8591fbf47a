import { sql } from "drizzle-orm";
import type { Tx } from "@/db/client";
import { ITEM_MAX_ATTEMPTS } from "@/lib/constants";

export const PROCESS_ITEM_TASK = "process-item";

export interface ProcessItemPayload {
  itemId: string;
}

/**
 * Queues items for processing inside the caller's transaction, so a batch and its jobs
 * commit (or vanish) together: no batch without jobs, no job without a batch.
 * The Postgres driver (graphile-worker) is the default; the job key is the item id, so
 * re-queuing an item never runs it twice in parallel.
 */
export async function enqueueItems(tx: Tx, itemIds: readonly string[]): Promise<void> {
  if (itemIds.length === 0) return;
  const specs = itemIds.map((itemId) => ({
    identifier: PROCESS_ITEM_TASK,
    payload: { itemId } satisfies ProcessItemPayload,
    job_key: itemId,
    max_attempts: ITEM_MAX_ATTEMPTS,
  }));
  // One round trip for the whole batch, inside the batch's transaction.
  await tx.execute(
    sql`select graphile_worker.add_jobs(array(select json_populate_recordset(null::graphile_worker.job_spec, ${JSON.stringify(specs)}::json)))`,
  );
}
