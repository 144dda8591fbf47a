import { getDb } from "@/db/client";
import { batchExistsForAccount, listBatchesForAccount, TERMINAL_ITEM_STATUSES } from "@/db/queries/batches";
import { itemStatuses, type BatchStatus, type ItemStatus } from "@/db/schema";
import { decodeCursor, encodeCursor, invalidCursor } from "@/lib/api/cursor";
import { microsToDollars } from "@/lib/billing/pricing";
import type { BatchListResponse } from "./schemas";

const CURSOR_KIND = "batch";

/** GET /v1/batches: the account's batches, newest first; the cursor is the last batch seen. */
export async function listBatches({
  accountId,
  limit,
  cursor,
  status,
  collection,
  created_after: createdAfter,
  created_before: createdBefore,
}: {
  accountId: string;
  limit: number;
  cursor?: string;
  status?: BatchStatus;
  collection?: string;
  created_after?: Date;
  created_before?: Date;
}): Promise<BatchListResponse> {
  const db = getDb();
  const afterId = cursor === undefined ? undefined : decodeCursor(CURSOR_KIND, cursor);
  // Another account's batch id makes as bad a cursor as garbage: nothing about it leaks.
  if (afterId !== undefined && !(await batchExistsForAccount(db, { accountId, batchId: afterId }))) throw invalidCursor();
  const rows = await listBatchesForAccount(db, { accountId, status, collectionName: collection, createdAfter, createdBefore, afterId, limit: limit + 1 });
  const page = rows.slice(0, limit);
  const last = page.at(-1);
  return {
    success: true,
    data: page.map(({ batch, collectionName, itemCounts }) => ({
      batch_id: batch.id,
      name: batch.name,
      status: batch.status,
      collection: collectionName,
      total_items: batch.totalItems,
      completed_items: TERMINAL_ITEM_STATUSES.reduce((sum, s) => sum + (itemCounts[s] ?? 0), 0),
      counts: Object.fromEntries(itemStatuses.map((s) => [s, itemCounts[s] ?? 0])) as Record<ItemStatus, number>,
      created_at: batch.createdAt.toISOString(),
      started_at: batch.startedAt?.toISOString() ?? null,
      completed_at: batch.completedAt?.toISOString() ?? null,
      cancelled_at: batch.cancelledAt?.toISOString() ?? null,
      cost: {
        charged: microsToDollars(batch.chargedMicros),
        refunded: microsToDollars(batch.refundedMicros),
        net: microsToDollars(batch.chargedMicros - batch.refundedMicros),
      },
    })),
    next_cursor: rows.length > limit && last ? encodeCursor(CURSOR_KIND, last.batch.id) : null,
  };
}
