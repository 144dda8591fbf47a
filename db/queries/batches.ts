import { and, asc, avg, count, eq, inArray, sql } from "drizzle-orm";
import type { DbOrTx } from "../client";
import { batchItems, batches, collections, idempotencyRecords, media, type ItemStatus } from "../schema";

export type NewBatch = typeof batches.$inferInsert;
export type NewBatchItem = typeof batchItems.$inferInsert;
export type NewMedia = typeof media.$inferInsert;
export type BatchItemRow = typeof batchItems.$inferSelect;

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
