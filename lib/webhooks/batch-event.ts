import type { DbOrTx } from "@/db/client";
import { countItemsByStatus, getBatchForAccount } from "@/db/queries/batches";
import { microsToDollars } from "@/lib/billing/pricing";

/**
 * One event type for every way a batch ends: `batch.completed`, with the final status
 * (`completed`, `failed` or `cancelled`) in `data.status`. A receiver subscribes to one
 * event and branches on the status, as it would after polling GET /v1/batches/{id}.
 */
export const BATCH_COMPLETED_EVENT = "batch.completed";

export async function buildBatchEvent(db: DbOrTx, { accountId, batchId, eventId }: { accountId: string; batchId: string; eventId: string }) {
  const found = await getBatchForAccount(db, { accountId, batchId });
  if (!found) return null;
  const { batch, collectionName } = found;
  const counts = await countItemsByStatus(db, { batchId });
  const completedAt = batch.completedAt?.toISOString() ?? null;
  return {
    id: eventId,
    type: BATCH_COMPLETED_EVENT,
    // The batch's own end time, not the attempt's: every retry sends the same bytes but the signature.
    created_at: completedAt,
    data: {
      batch_id: batch.id,
      name: batch.name,
      status: batch.status,
      collection: collectionName,
      total_items: batch.totalItems,
      counts,
      cost: {
        charged: microsToDollars(batch.chargedMicros),
        refunded: microsToDollars(batch.refundedMicros),
        net: microsToDollars(batch.chargedMicros - batch.refundedMicros),
      },
      created_at: batch.createdAt.toISOString(),
      completed_at: completedAt,
    },
  };
}
