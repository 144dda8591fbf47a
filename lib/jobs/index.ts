import { sql } from "drizzle-orm";
import type { Tx } from "@/db/client";
import { groupItemsByBatch } from "@/db/queries/items";
import { insertOutboxEvents } from "@/db/queries/job-outbox";
import { ITEM_MAX_ATTEMPTS } from "@/lib/constants";
import { jobDriver, type JobDriver } from "@/lib/env";
import { randomToken } from "@/lib/ids";
import type { WebhookDelivery } from "@/lib/webhooks/deliver-webhook";

export const PROCESS_ITEM_TASK = "process-item";
export const DELIVER_WEBHOOK_TASK = "deliver-webhook";
/** graphile-worker's own retries for a webhook job cover crashes of our code, not receiver failures. */
const WEBHOOK_JOB_MAX_ATTEMPTS = 3;

export interface ProcessItemPayload {
  itemId: string;
  /** Set while the item waits out an outage (pause-for-outage.ts): when its first outage began. */
  pausedSince?: string;
  outageRetries?: number;
}

export type DeliverWebhookPayload = WebhookDelivery & { attempt: number };

/** Inngest event names; inngest/events.ts types their data. */
export const BATCH_CREATED_EVENT = "batch/created";
export const BATCH_CLOSED_EVENT = "batch/closed";

interface JobSpec {
  identifier: string;
  payload: unknown;
  job_key?: string;
  max_attempts: number;
  run_at?: string;
}

async function addJobs(tx: Tx, specs: JobSpec[]): Promise<void> {
  if (specs.length === 0) return;
  // One round trip, inside the caller's transaction.
  await tx.execute(
    sql`select graphile_worker.add_jobs(array(select json_populate_recordset(null::graphile_worker.job_spec, ${JSON.stringify(specs)}::json)))`,
  );
}

/**
 * Queues items for processing inside the caller's transaction, so a batch and its jobs
 * commit (or vanish) together: no batch without jobs, no job without a batch.
 * - postgres (default): graphile-worker jobs; the job key is the item id, so re-queuing an
 *   item never runs it twice in parallel.
 * - inngest: a `batch/created` event in the outbox, sent after commit by flushJobOutbox (and
 *   re-sent by the sweep function if that send failed). The items wait as `queued` meanwhile.
 */
export async function enqueueItems(tx: Tx, itemIds: readonly string[], { driver = jobDriver() }: { driver?: JobDriver } = {}): Promise<void> {
  if (itemIds.length === 0) return;
  if (driver === "postgres") {
    await addJobs(
      tx,
      itemIds.map((itemId) => ({ identifier: PROCESS_ITEM_TASK, payload: { itemId } satisfies ProcessItemPayload, job_key: itemId, max_attempts: ITEM_MAX_ATTEMPTS })),
    );
    return;
  }
  const rows = await groupItemsByBatch(tx, { itemIds });
  await insertOutboxEvents(
    tx,
    rows.map((r) => ({
      // Unique per enqueue (a lapsed item can be queued again), stable across re-sends of this row.
      eventId: `${r.batchId}-queued-${randomToken(8)}`,
      name: BATCH_CREATED_EVENT,
      batchId: r.batchId,
      data: { batchId: r.batchId, accountId: r.accountId, itemIds: r.itemIds },
    })),
  );
}

/**
 * Announces a closed batch inside the transaction that closed it: webhook jobs on the
 * postgres driver, a `batch/closed` event (for the finalizer function) on Inngest.
 */
export async function enqueueBatchClosed(
  tx: Tx,
  { batchId, accountId, status, deliveries }: { batchId: string; accountId: string; status: string; deliveries: WebhookDelivery[] },
  { driver = jobDriver() }: { driver?: JobDriver } = {},
): Promise<void> {
  if (driver === "postgres") {
    await addJobs(
      tx,
      deliveries.map((d) => ({
        identifier: DELIVER_WEBHOOK_TASK,
        payload: { ...d, attempt: 1 } satisfies DeliverWebhookPayload,
        job_key: `webhook:${d.eventId}`,
        max_attempts: WEBHOOK_JOB_MAX_ATTEMPTS,
      })),
    );
    return;
  }
  await insertOutboxEvents(tx, [{ eventId: `${batchId}-closed`, name: BATCH_CLOSED_EVENT, batchId, data: { batchId, accountId, status, deliveries } }]);
}

/**
 * Queues an item again, due in `delaySeconds` (postgres driver). The job key is the item id:
 * called from the item's own running job, graphile-worker gives the key to the new job.
 */
export async function enqueueItemRetry(tx: Tx, payload: ProcessItemPayload, delaySeconds: number): Promise<void> {
  await addJobs(tx, [
    { identifier: PROCESS_ITEM_TASK, payload, job_key: payload.itemId, max_attempts: ITEM_MAX_ATTEMPTS, run_at: new Date(Date.now() + delaySeconds * 1000).toISOString() },
  ]);
}

/** Schedules the next attempt of a webhook (postgres driver), due in `delaySeconds`. */
export async function scheduleWebhookRetry(tx: Tx, payload: DeliverWebhookPayload, delaySeconds: number): Promise<void> {
  await addJobs(tx, [
    {
      identifier: DELIVER_WEBHOOK_TASK,
      payload,
      job_key: `webhook:${payload.eventId}`,
      max_attempts: WEBHOOK_JOB_MAX_ATTEMPTS,
      run_at: new Date(Date.now() + delaySeconds * 1000).toISOString(),
    },
  ]);
}
