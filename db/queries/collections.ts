import { and, asc, count, eq, inArray, isNull, max, sql } from "drizzle-orm";
import type { DbOrTx } from "../client";
import { batchItems, batches, collections, media } from "../schema";

export async function getOrCreateCollection(db: DbOrTx, { id, accountId, name }: { id: string; accountId: string; name: string }) {
  await db.insert(collections).values({ id, accountId, name }).onConflictDoNothing();
  const [row] = await db
    .select()
    .from(collections)
    .where(and(eq(collections.accountId, accountId), eq(collections.name, name)));
  return row!;
}

export async function getCollectionByRowId(db: DbOrTx, { id }: { id: string }) {
  const [row] = await db.select().from(collections).where(eq(collections.id, id));
  return row ?? null;
}

/** Records the text model on first use; returns the collection's model (which may differ). */
export async function claimTextModel(
  db: DbOrTx,
  { id, provider, model, dimension }: { id: string; provider: string; model: string; dimension: number },
) {
  await db
    .update(collections)
    .set({ textProvider: provider, textModel: model, textDimension: dimension })
    .where(and(eq(collections.id, id), isNull(collections.textModel)));
  return getCollectionByRowId(db, { id });
}

/** Records the visual model on first use; returns the collection (whose model may differ). */
export async function claimVisualModel(
  db: DbOrTx,
  { id, provider, model, dimension }: { id: string; provider: string; model: string; dimension: number },
) {
  await db
    .update(collections)
    .set({ visualProvider: provider, visualModel: model, visualDimension: dimension })
    .where(and(eq(collections.id, id), isNull(collections.visualModel)));
  return getCollectionByRowId(db, { id });
}

/** Points a space at another model's index (the swap at the end of a re-embedding). */
export async function recordSpaceModel(
  db: DbOrTx,
  { id, space, provider, model, dimension }: { id: string; space: "text" | "visual"; provider: string; model: string; dimension: number },
) {
  const set =
    space === "text"
      ? { textProvider: provider, textModel: model, textDimension: dimension }
      : { visualProvider: provider, visualModel: model, visualDimension: dimension };
  await db.update(collections).set(set).where(eq(collections.id, id));
}

/**
 * `lock` holds the rows until the transaction ends: a submission that finds content still being
 * made must see the item making it end either before (the row is then ready or gone) or after
 * its duplicates are committed (the ending transaction then settles them).
 */
export async function findMediaByChecksums(db: DbOrTx, { collectionRowId, checksums, lock = false }: { collectionRowId: string; checksums: string[]; lock?: boolean }) {
  if (checksums.length === 0) return [];
  const query = db
    .select()
    .from(media)
    .where(and(eq(media.collectionId, collectionRowId), inArray(media.checksum, checksums)));
  return lock ? query.for("update") : query;
}

export async function latestRevisions(db: DbOrTx, { collectionRowId, filenames }: { collectionRowId: string; filenames: string[] }) {
  if (filenames.length === 0) return new Map<string, number>();
  const rows = await db
    .select({ filename: media.filename, revision: max(media.revision) })
    .from(media)
    .where(and(eq(media.collectionId, collectionRowId), inArray(media.filename, filenames)))
    .groupBy(media.filename);
  return new Map(rows.map((r) => [r.filename, r.revision ?? 0]));
}

/** Scoped by account: another account's collection of the same name is a different row. */
export async function findCollectionByName(db: DbOrTx, { accountId, name }: { accountId: string; name: string }) {
  const [row] = await db
    .select()
    .from(collections)
    .where(and(eq(collections.accountId, accountId), eq(collections.name, name)));
  return row ?? null;
}

/** The account's collections with what is ready in them, by name. */
export async function listCollectionsWithCounts(db: DbOrTx, { accountId }: { accountId: string }) {
  return db
    .select({
      id: collections.id,
      name: collections.name,
      createdAt: collections.createdAt,
      itemCount: sql<number>`count(${media.id}) filter (where ${media.status} = 'ready')`.mapWith(Number),
      chunkCount: sql<number>`coalesce(sum(${media.chunkCount}) filter (where ${media.status} = 'ready'), 0)`.mapWith(Number),
    })
    .from(collections)
    .leftJoin(media, eq(media.collectionId, collections.id))
    .where(eq(collections.accountId, accountId))
    .groupBy(collections.id)
    .orderBy(asc(collections.name));
}

/** Items of the collection's batches that a worker may still pick up or is running. */
export async function countActiveItemsInCollection(db: DbOrTx, { collectionRowId }: { collectionRowId: string }) {
  const [row] = await db
    .select({ n: count() })
    .from(batchItems)
    .innerJoin(batches, eq(batches.id, batchItems.batchId))
    .where(and(eq(batches.collectionId, collectionRowId), inArray(batchItems.status, ["queued", "processing"])));
  return row?.n ?? 0;
}

/**
 * Deletes the collection row; its media, chunks, batches and batch items go with it (foreign
 * key cascades). Ledger entries keep the batch ids as plain text, so money history stays.
 */
export async function deleteCollectionRow(db: DbOrTx, { accountId, id }: { accountId: string; id: string }) {
  const rows = await db
    .delete(collections)
    .where(and(eq(collections.accountId, accountId), eq(collections.id, id)))
    .returning({ id: collections.id });
  return rows.length > 0;
}
