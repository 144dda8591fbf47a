import { getDb } from "@/db/client";
import { countItemsByStatus, getBatchForAccount, listBatchItems, TERMINAL_ITEM_STATUSES } from "@/db/queries/batches";
import { listWebhookDeliveries } from "@/db/queries/webhooks";
import { microsToDollars } from "@/lib/billing/pricing";
import { AppError } from "@/lib/errors";

export async function getBatchStatus({
  accountId,
  batchId,
  includeErrors,
  includeJobDetails,
  includeWebhooks = false,
}: {
  accountId: string;
  batchId: string;
  includeErrors: boolean;
  includeJobDetails: boolean;
  includeWebhooks?: boolean;
}) {
  const db = getDb();
  const found = await getBatchForAccount(db, { accountId, batchId });
  if (!found) throw new AppError("not_found", `Batch '${batchId}' not found.`);
  const { batch, collectionName } = found;
  const counts = await countItemsByStatus(db, { batchId });
  const done = TERMINAL_ITEM_STATUSES.reduce((sum, status) => sum + counts[status], 0);
  const now = Date.now();
  const end = batch.completedAt?.getTime() ?? now;
  const items = includeErrors || includeJobDetails ? await listBatchItems(db, { batchId, offset: 0, limit: 100 }) : [];
  // The batch was found under this account above, so its deliveries are this account's too.
  const deliveries = includeWebhooks ? await listWebhookDeliveries(db, { batchId }) : [];

  return {
    batch_id: batch.id,
    name: batch.name,
    status: batch.status,
    collection: collectionName,
    created_at: batch.createdAt.toISOString(),
    started_at: batch.startedAt?.toISOString() ?? null,
    completed_at: batch.completedAt?.toISOString() ?? null,
    cancelled_at: batch.cancelledAt?.toISOString() ?? null,
    total_items: batch.totalItems,
    progress: {
      percentage: batch.totalItems === 0 ? 100 : Math.floor((done / batch.totalItems) * 100),
      completed: done,
      total: batch.totalItems,
    },
    counts,
    timing: {
      elapsed_seconds: Math.round((end - batch.createdAt.getTime()) / 1000),
      estimated_completion: batch.completedAt ? batch.completedAt.toISOString() : (batch.estimatedCompletionAt?.toISOString() ?? null),
    },
    cost: {
      charged: microsToDollars(batch.chargedMicros),
      refunded: microsToDollars(batch.refundedMicros),
      net: microsToDollars(batch.chargedMicros - batch.refundedMicros),
    },
    ...(includeErrors && {
      errors: items
        .filter((i) => i.status === "failed")
        .map((i) => ({ item_id: i.id, filename: i.filename, code: i.errorCode, message: i.errorMessage })),
    }),
    ...(includeJobDetails && {
      jobs: items.map((i) => ({
        item_id: i.id,
        filename: i.filename,
        status: i.status,
        attempts: i.attempts,
        started_at: i.startedAt?.toISOString() ?? null,
        finished_at: i.finishedAt?.toISOString() ?? null,
        processing_ms: i.processingMs,
      })),
    }),
    ...(includeWebhooks && {
      webhooks: deliveries.map((d) => ({
        event_id: d.eventId,
        event_type: d.eventType,
        url: d.url,
        attempt: d.attempt,
        status_code: d.statusCode,
        delivered: d.error === null,
        error: d.error,
        duration_ms: d.durationMs,
        started_at: d.startedAt.toISOString(),
        finished_at: d.finishedAt.toISOString(),
        next_attempt_at: d.nextAttemptAt?.toISOString() ?? null,
      })),
    }),
  };
}
