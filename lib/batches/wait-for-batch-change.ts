import { getDb } from "@/db/client";
import { countItemsByStatus, getBatchForAccount, TERMINAL_ITEM_STATUSES } from "@/db/queries/batches";
import { BATCH_WAIT_CHECK_MS } from "@/lib/constants";
import { AppError } from "@/lib/errors";

const FINAL_BATCH_STATUSES = new Set(["completed", "failed", "cancelled"]);
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** What a waiting client is told about: the batch's status and how many items reached each final status. */
async function readProgress({ accountId, batchId }: { accountId: string; batchId: string }) {
  const db = getDb();
  const found = await getBatchForAccount(db, { accountId, batchId });
  if (!found) throw new AppError("not_found", `Batch '${batchId}' not found.`);
  const counts = await countItemsByStatus(db, { batchId });
  return { final: FINAL_BATCH_STATUSES.has(found.batch.status), key: [found.batch.status, ...TERMINAL_ITEM_STATUSES.map((s) => counts[s])].join(" ") };
}

/**
 * GET /v1/batches/{id}?wait=N: returns once the batch's status or finished counts differ from
 * when the request arrived, after waitSeconds, or when the client goes away; at once for a batch
 * that has ended. It re-reads the batch every BATCH_WAIT_CHECK_MS, so a client waiting costs the
 * database a small query a few times a second and the rate limit one request.
 */
export async function waitForBatchChange({ accountId, batchId, waitSeconds, signal }: { accountId: string; batchId: string; waitSeconds: number; signal?: AbortSignal }): Promise<void> {
  const first = await readProgress({ accountId, batchId });
  if (first.final || waitSeconds <= 0) return;
  const deadline = Date.now() + waitSeconds * 1000;
  while (!signal?.aborted) {
    const left = deadline - Date.now();
    if (left <= 0) return;
    await sleep(Math.min(BATCH_WAIT_CHECK_MS, left));
    if ((await readProgress({ accountId, batchId })).key !== first.key) return;
  }
}
