import { and, asc, between, count, desc, eq, inArray, or, sql } from "drizzle-orm";
import type { DbOrTx } from "../client";
import { batchItems, chunks, collections, media } from "../schema";

export type MediaRow = typeof media.$inferSelect;

const mediaWithCollection = { media, collectionName: collections.name };

/** One page of the account's media, newest first, with the total for the same filters. */
export async function listMediaForAccount(
  db: DbOrTx,
  {
    accountId,
    mediaType,
    collectionName,
    externalId,
    offset,
    limit,
  }: { accountId: string; mediaType?: string; collectionName?: string; externalId?: string; offset: number; limit: number },
) {
  const where = and(
    eq(media.accountId, accountId),
    externalId !== undefined ? eq(media.externalId, externalId) : undefined,
    mediaType ? eq(media.mediaType, mediaType) : undefined,
    collectionName ? eq(collections.name, collectionName) : undefined,
  );
  const rows = await db
    .select(mediaWithCollection)
    .from(media)
    .innerJoin(collections, eq(collections.id, media.collectionId))
    .where(where)
    .orderBy(desc(media.createdAt), desc(media.id))
    .offset(offset)
    .limit(limit);
  const [total] = await db.select({ n: count() }).from(media).innerJoin(collections, eq(collections.id, media.collectionId)).where(where);
  return { rows, total: total?.n ?? 0 };
}

/** Scoped by account: another account's media reads as missing. */
export async function getMediaForAccount(db: DbOrTx, { accountId, mediaId }: { accountId: string; mediaId: string }) {
  const [row] = await db
    .select(mediaWithCollection)
    .from(media)
    .innerJoin(collections, eq(collections.id, media.collectionId))
    .where(and(eq(media.id, mediaId), eq(media.accountId, accountId)));
  return row ?? null;
}

export async function findMediaForAccount(db: DbOrTx, { accountId, mediaIds }: { accountId: string; mediaIds: string[] }) {
  if (mediaIds.length === 0) return [];
  return db
    .select(mediaWithCollection)
    .from(media)
    .innerJoin(collections, eq(collections.id, media.collectionId))
    .where(and(eq(media.accountId, accountId), inArray(media.id, mediaIds)));
}

export async function listChunksOfMedia(db: DbOrTx, { mediaId }: { mediaId: string }) {
  return db
    .select({ chunkIndex: chunks.chunkIndex, text: chunks.text, page: chunks.page, label: chunks.label, startS: chunks.startS, endS: chunks.endS })
    .from(chunks)
    .where(eq(chunks.mediaId, mediaId))
    .orderBy(asc(chunks.chunkIndex));
}

/** The chunks of each media within [from, to] of chunk_index, in one query (search's context_chunks). */
export async function chunksInWindows(db: DbOrTx, { accountId, windows }: { accountId: string; windows: Array<{ mediaId: string; from: number; to: number }> }) {
  if (windows.length === 0) return [];
  const inWindow = windows.map((w) => and(eq(chunks.mediaId, w.mediaId), between(chunks.chunkIndex, w.from, w.to)));
  return db
    .select({ mediaId: chunks.mediaId, chunkIndex: chunks.chunkIndex, text: chunks.text, page: chunks.page, label: chunks.label, startS: chunks.startS, endS: chunks.endS })
    .from(chunks)
    .where(and(eq(chunks.accountId, accountId), or(...inWindow)))
    .orderBy(asc(chunks.mediaId), asc(chunks.chunkIndex));
}

/** Items that a worker may still pick up or is running for these media. */
export async function activeItemsOfMedia(db: DbOrTx, { mediaIds }: { mediaIds: string[] }) {
  if (mediaIds.length === 0) return [];
  return db
    .select({ itemId: batchItems.id, mediaId: batchItems.mediaId, batchId: batchItems.batchId, status: batchItems.status })
    .from(batchItems)
    .where(and(inArray(batchItems.mediaId, mediaIds), inArray(batchItems.status, ["queued", "processing"])));
}

/** Deletes media rows of the account; their chunks go with them (foreign key cascade). */
export async function deleteMediaRows(db: DbOrTx, { accountId, mediaIds }: { accountId: string; mediaIds: string[] }) {
  if (mediaIds.length === 0) return [];
  const rows = await db
    .delete(media)
    .where(and(eq(media.accountId, accountId), inArray(media.id, mediaIds)))
    .returning({ id: media.id });
  return rows.map((r) => r.id);
}

/** Re-homes media and their chunks in another collection of the same account. */
export async function moveMediaRows(db: DbOrTx, { accountId, mediaIds, toCollectionRowId }: { accountId: string; mediaIds: string[]; toCollectionRowId: string }) {
  if (mediaIds.length === 0) return;
  await db
    .update(media)
    .set({ collectionId: toCollectionRowId, updatedAt: sql`now()` })
    .where(and(eq(media.accountId, accountId), inArray(media.id, mediaIds)));
  await db
    .update(chunks)
    .set({ collectionId: toCollectionRowId })
    .where(and(eq(chunks.accountId, accountId), inArray(chunks.mediaId, mediaIds)));
}


export async function listMediaIdsInCollection(db: DbOrTx, { collectionRowId }: { collectionRowId: string }) {
  const rows = await db.select({ id: media.id }).from(media).where(eq(media.collectionId, collectionRowId));
  return rows.map((r) => r.id);
}

/** The client's attributes and external id of one media (the caller checked the account). */
export async function setMediaAttributes(db: DbOrTx, { mediaId, attributes, externalId }: { mediaId: string; attributes: Record<string, string | number | boolean>; externalId: string | null }) {
  await db.update(media).set({ attributes, externalId, updatedAt: sql`now()` }).where(eq(media.id, mediaId));
}

/** Per collection, the media that a newer ready revision of the same filename supersedes (lib/search/revisions.ts). */
export async function supersededMediaIds(db: DbOrTx, { collectionRowIds }: { collectionRowIds: string[] }): Promise<Map<string, string[]>> {
  // media.superseded is kept by a trigger (migration 0011); the partial index holds only those rows.
  const rows = await db
    .select({ id: media.id, collectionId: media.collectionId })
    .from(media)
    .where(and(inArray(media.collectionId, collectionRowIds), eq(media.superseded, true)));
  const byCollection = new Map<string, string[]>();
  for (const r of rows) byCollection.set(r.collectionId, [...(byCollection.get(r.collectionId) ?? []), r.id]);
  return byCollection;
}

/** Locks one media row of the account for a read-modify-write (PATCH). */
export async function lockMediaForAccount(db: DbOrTx, { accountId, mediaId }: { accountId: string; mediaId: string }) {
  const [row] = await db
    .select()
    .from(media)
    .where(and(eq(media.id, mediaId), eq(media.accountId, accountId)))
    .for("update");
  return row ?? null;
}
