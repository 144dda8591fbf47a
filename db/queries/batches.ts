import { and, asc, avg, count, desc, eq, gte, inArray, lt, sql } from "drizzle-orm";
import type { DbOrTx } from "../client";
import { batchItems, batches, collections, idempotencyRecords, media, type BatchStatus, type ItemStatus } from "../schema";

export type NewBatch = typeof batches.$inferInsert;
export type NewBatchItem = typeof batchItems.$inferInsert;
export type NewMedia = typeof media.$inferInsert;
export type BatchItemRow = typeof batchItems.$inferSelect;

/** Item statuses that no longer change: an item in one of them is done. */
export const TERMINAL_ITEM_STATUSES = ["succeeded", "failed", "skipped_duplicate", "cancelled"] as const satisfies readonly ItemStatus[];

export async function insertBatchRows(db: DbOrTx, { batch, items, newMedia }: { batch: NewBatch; items: NewBatchItem[]; newMedia: NewMedia[] }) {
  await db.insert(batches).values(batch);
  if (newMedia.length) await db.insert(media).values(newMedia);
  if (items.length) await db.insert(batchItems).values(items);
}

/** Scoped by account: another account's batch reads as missing. */
export async function getBatchForAccount(db: DbOrTx, { accountId, batchId }: { accountId: string; batchId: string }) {
  const [row] = await db
    .select({ batch: batches, collectionName: collections.name })
    .from(batches)
    .innerJoin(collections, eq(collections.id, batches.collectionId))
    .where(and(eq(batches.id, batchId), eq(batches.accountId, accountId)));
  return row ?? null;
}

/** Takes the batch row lock, scoped by account like every other read of a batch. */
export async function lockBatchForAccount(db: DbOrTx, { accountId, batchId }: { accountId: string; batchId: string }) {
  const [row] = await db
    .select()
    .from(batches)
    .where(and(eq(batches.id, batchId), eq(batches.accountId, accountId)))
    .for("update");
  return row ?? null;
}

/** Records the cancel once: a second request keeps the first time. Ended batches are left alone. */
export async function markBatchCancelRequested(db: DbOrTx, { batchId }: { batchId: string }) {
  await db
    .update(batches)
    .set({ cancelledAt: sql`coalesce(${batches.cancelledAt}, now())` })
    .where(and(eq(batches.id, batchId), inArray(batches.status, ["created", "running"])));
}

export async function batchExistsForAccount(db: DbOrTx, { accountId, batchId }: { accountId: string; batchId: string }) {
  const [row] = await db.select({ id: batches.id }).from(batches).where(and(eq(batches.id, batchId), eq(batches.accountId, accountId)));
  return Boolean(row);
}

export async function getBatchCancelledAt(db: DbOrTx, { batchId }: { batchId: string }) {
  const [row] = await db.select({ cancelledAt: batches.cancelledAt, status: batches.status }).from(batches).where(eq(batches.id, batchId));
  return row ?? null;
}

/**
 * One page of an account's batches, newest first. Keyset pagination on (created_at, id)
 * after the batch `afterId`: stable while new batches arrive, unlike an offset. The
 * position is read in SQL so created_at keeps its microseconds (a JS Date would drop them).
 */
export async function listBatchesForAccount(
  db: DbOrTx,
  {
    accountId,
    status,
    collectionName,
    createdAfter,
    createdBefore,
    afterId,
    limit,
  }: { accountId: string; status?: BatchStatus; collectionName?: string; createdAfter?: Date; createdBefore?: Date; afterId?: string; limit: number },
) {
  return db
    .select({
      batch: batches,
      collectionName: collections.name,
      // Items per status in one grouped read; statuses with no items are absent.
      itemCounts: sql<Partial<Record<ItemStatus, number>>>`(select coalesce(jsonb_object_agg(t.status, t.n), '{}'::jsonb) from (select i.status, count(*)::int as n from batch_items i where i.batch_id = ${batches.id} group by i.status) t)`,
    })
    .from(batches)
    .innerJoin(collections, eq(collections.id, batches.collectionId))
    .where(
      and(
        eq(batches.accountId, accountId),
        status ? eq(batches.status, status) : undefined,
        collectionName !== undefined ? eq(collections.name, collectionName) : undefined,
        createdAfter ? gte(batches.createdAt, createdAfter) : undefined,
        createdBefore ? lt(batches.createdAt, createdBefore) : undefined,
        afterId
          ? sql`(${batches.createdAt}, ${batches.id}) < (select c.created_at, c.id from batches c where c.id = ${afterId} and c.account_id = ${accountId})`
          : undefined,
      ),
    )
    .orderBy(desc(batches.createdAt), desc(batches.id))
    .limit(limit);
}

export async function countItemsByStatus(db: DbOrTx, { batchId }: { batchId: string }): Promise<Record<ItemStatus, number>> {
  const rows = await db.select({ status: batchItems.status, n: count() }).from(batchItems).where(eq(batchItems.batchId, batchId)).groupBy(batchItems.status);
  const counts: Record<ItemStatus, number> = { queued: 0, processing: 0, succeeded: 0, failed: 0, skipped_duplicate: 0, cancelled: 0 };
  for (const row of rows) counts[row.status] = row.n;
  return counts;
}

export async function listBatchItems(db: DbOrTx, { batchId, offset, limit, statuses }: { batchId: string; offset: number; limit: number; statuses?: ItemStatus[] }) {
  return db
    .select()
    .from(batchItems)
    .where(and(eq(batchItems.batchId, batchId), statuses ? inArray(batchItems.status, statuses) : undefined))
    .orderBy(asc(batchItems.position))
    .offset(offset)
    .limit(limit);
}

export async function getIdempotencyRecord(db: DbOrTx, { accountId, key }: { accountId: string; key: string }) {
  const [row] = await db
    .select()
    .from(idempotencyRecords)
    .where(and(eq(idempotencyRecords.accountId, accountId), eq(idempotencyRecords.key, key)));
  return row ?? null;
}

export async function insertIdempotencyRecord(db: DbOrTx, record: typeof idempotencyRecords.$inferInsert) {
  await db.insert(idempotencyRecords).values(record);
}

/** Mean processing time of the most recent successful items, per media type, in ms. */
export async function recentProcessingTimes(db: DbOrTx): Promise<Map<string, number>> {
  const recent = db
    .select({ mediaType: batchItems.mediaType, ms: batchItems.processingMs })
    .from(batchItems)
    .where(and(eq(batchItems.status, "succeeded"), sql`${batchItems.processingMs} is not null`))
    .orderBy(sql`${batchItems.finishedAt} desc`)
    .limit(500)
    .as("recent");
  const rows = await db.select({ mediaType: recent.mediaType, ms: avg(recent.ms) }).from(recent).groupBy(recent.mediaType);
  return new Map(rows.map((r) => [r.mediaType, Number(r.ms)]));
}

/** Items waiting for or in processing, across every account: they share the workers. */
export async function countBacklog(db: DbOrTx): Promise<Array<{ mediaType: string; n: number }>> {
  return db
    .select({ mediaType: batchItems.mediaType, n: count() })
    .from(batchItems)
    .where(inArray(batchItems.status, ["queued", "processing"]))
    .groupBy(batchItems.mediaType);
}
