import { and, eq, inArray, isNull, lt, sql } from "drizzle-orm";
import type { DbOrTx } from "../client";
import { batchItems, batches, chunks, media } from "../schema";

const leaseUntil = (seconds: number) => sql`now() + make_interval(secs => ${seconds})`;

/**
 * Takes an item for processing: a queued item, or a processing one whose lease lapsed (its
 * worker died). Returns null when another live worker holds it or it is already finished.
 */
export async function claimItem(db: DbOrTx, { itemId, workerId, leaseSeconds }: { itemId: string; workerId: string; leaseSeconds: number }) {
  const [row] = await db
    .update(batchItems)
    .set({
      status: "processing",
      workerId,
      leaseExpiresAt: leaseUntil(leaseSeconds),
      attempts: sql`${batchItems.attempts} + 1`,
      // Per attempt, so processing_ms measures the run that finished (it feeds the estimates).
      startedAt: sql`now()`,
    })
    .where(
      and(
        eq(batchItems.id, itemId),
        // A duplicate waiting for its original is never processed itself.
        isNull(batchItems.duplicateOf),
        sql`(${batchItems.status} = 'queued' or (${batchItems.status} = 'processing' and ${batchItems.leaseExpiresAt} < now()))`,
        // Nothing starts once its batch is cancelled; cancelQueuedItems settles what is left queued.
        sql`not exists (select 1 from ${batches} b where b.id = ${batchItems.batchId} and b.cancelled_at is not null)`,
      ),
    )
    .returning();
  if (!row) return null;
  await db
    .update(batches)
    .set({ status: "running", startedAt: sql`coalesce(${batches.startedAt}, now())` })
    .where(and(eq(batches.id, row.batchId), eq(batches.status, "created")));
  return row;
}

/** Heartbeat: extends the lease while the worker still owns the item. False means it was taken over. */
/**
 * A run's hold on an item: the worker and the attempt it claimed. The attempt is the fencing
 * token: a run whose lease lapsed and whose item was claimed again (by any worker, this
 * process included) holds an older attempt, so none of its writes match.
 */
export interface ItemLease {
  workerId: string;
  /** batch_items.attempts as the claim set it; absent, any attempt of this worker matches. */
  attempt?: number;
}

const heldBy = ({ workerId, attempt }: ItemLease) =>
  and(eq(batchItems.workerId, workerId), eq(batchItems.status, "processing"), attempt === undefined ? undefined : eq(batchItems.attempts, attempt));

export async function extendLease(db: DbOrTx, { itemId, workerId, attempt, leaseSeconds }: { itemId: string; leaseSeconds: number } & ItemLease) {
  const rows = await db
    .update(batchItems)
    .set({ leaseExpiresAt: leaseUntil(leaseSeconds) })
    .where(and(eq(batchItems.id, itemId), heldBy({ workerId, attempt })))
    .returning({ id: batchItems.id });
  return rows.length > 0;
}

/** Whether this run still holds the item (its worker and its attempt, still processing). */
export async function holdsItem(db: DbOrTx, { itemId, workerId, attempt }: { itemId: string } & ItemLease): Promise<boolean> {
  const rows = await db.select({ id: batchItems.id }).from(batchItems).where(and(eq(batchItems.id, itemId), heldBy({ workerId, attempt })));
  return rows.length > 0;
}

/**
 * Hands a processing item back to the queue (a transient failure that will be retried).
 * `handBackAttempt`: the attempt does not count (an outage, not the item's fault); the next
 * claim gets the same attempt number, which this run no longer holds (its worker id is cleared).
 */
export async function releaseItem(db: DbOrTx, { itemId, workerId, attempt, handBackAttempt = false }: { itemId: string; handBackAttempt?: boolean } & ItemLease) {
  await db
    .update(batchItems)
    .set({ status: "queued", workerId: null, leaseExpiresAt: null, ...(handBackAttempt && { attempts: sql`${batchItems.attempts} - 1` }) })
    .where(and(eq(batchItems.id, itemId), heldBy({ workerId, attempt })));
}

/**
 * Items whose worker stopped heartbeating: handed back to the queue, each exactly once.
 * A sweeping worker skips its own items: it is alive, and a long synchronous step (a model
 * call) may only have delayed its heartbeat.
 */
export async function requeueExpiredItems(db: DbOrTx, { sweeperId }: { sweeperId: string }) {
  return db
    .update(batchItems)
    .set({ status: "queued", workerId: null, leaseExpiresAt: null, lostWorkers: sql`${batchItems.lostWorkers} + 1` })
    .where(and(eq(batchItems.status, "processing"), lt(batchItems.leaseExpiresAt, sql`now()`), sql`${batchItems.workerId} is distinct from ${sweeperId}`))
    .returning({ id: batchItems.id, batchId: batchItems.batchId, attempts: batchItems.attempts, lostWorkers: batchItems.lostWorkers });
}

export async function markItemSucceeded(
  db: DbOrTx,
  { itemId, workerId, attempt, chunksWritten, vectorsWritten }: { itemId: string; chunksWritten: number; vectorsWritten: number } & ItemLease,
) {
  const [row] = await db
    .update(batchItems)
    .set({
      status: "succeeded",
      chunksWritten,
      vectorsWritten,
      uploadPath: null,
      leaseExpiresAt: null,
      finishedAt: sql`now()`,
      processingMs: sql`(extract(epoch from now() - ${batchItems.startedAt}) * 1000)::int`,
    })
    .where(and(eq(batchItems.id, itemId), heldBy({ workerId, attempt })))
    .returning();
  return row ?? null;
}

/** Fails a queued or processing item; the caller refunds it in the same transaction. */
export async function markItemFailed(
  db: DbOrTx,
  { itemId, workerId, attempt, code, message }: { itemId: string; workerId?: string; attempt?: number; code: string; message: string },
) {
  const [row] = await db
    .update(batchItems)
    .set({ status: "failed", errorCode: code, errorMessage: message, uploadPath: null, leaseExpiresAt: null, finishedAt: sql`now()` })
    .where(
      and(
        eq(batchItems.id, itemId),
        workerId ? sql`(${batchItems.status} = 'queued' or (${batchItems.status} = 'processing' and ${batchItems.workerId} = ${workerId}))` : inArray(batchItems.status, ["queued", "processing"]),
        // A run fails only the attempt it claimed, never a later one.
        attempt === undefined ? undefined : eq(batchItems.attempts, attempt),
      ),
    )
    .returning();
  return row ?? null;
}

export async function getItem(db: DbOrTx, { itemId }: { itemId: string }) {
  const [row] = await db.select().from(batchItems).where(eq(batchItems.id, itemId));
  return row ?? null;
}

export async function addBatchRefund(db: DbOrTx, { batchId, micros }: { batchId: string; micros: number }) {
  await db
    .update(batches)
    .set({ refundedMicros: sql`${batches.refundedMicros} + ${micros}` })
    .where(eq(batches.id, batchId));
}

/**
 * Takes the batch row lock. Every transaction that ends an item takes it first, so two items
 * finishing at once serialise and the later one sees the other's outcome when it decides
 * whether the batch is done (under READ COMMITTED each would otherwise miss the other).
 */
export async function lockBatch(db: DbOrTx, { batchId }: { batchId: string }) {
  await db.select({ id: batches.id }).from(batches).where(eq(batches.id, batchId)).for("update");
}

/**
 * Closes a batch once no item is waiting or running: cancelled if a cancel was asked for
 * (whatever the items that were already running became), else failed if nothing succeeded
 * or was skipped, else completed. Returns the closed batch, or null when it stays open (or
 * was closed already), so exactly one transaction learns that it closed the batch and
 * announces it.
 */
export async function finalizeBatchIfDone(db: DbOrTx, { batchId }: { batchId: string }) {
  const rows = await db.execute<{ id: string; account_id: string; status: string }>(sql`
    update batches b set
      status = case when b.cancelled_at is not null then 'cancelled'
                    when exists (select 1 from batch_items i where i.batch_id = b.id and i.status in ('succeeded', 'skipped_duplicate'))
                    then 'completed' else 'failed' end,
      completed_at = now()
    where b.id = ${batchId} and b.status in ('created', 'running')
      and not exists (select 1 from batch_items i where i.batch_id = b.id and i.status in ('queued', 'processing'))
    returning b.id, b.account_id, b.status`);
  const row = rows[0];
  return row ? { batchId: row.id, accountId: row.account_id, status: row.status } : null;
}

export type ChunkRow = typeof chunks.$inferInsert;

/** Replaces the media's chunks and marks it ready, with what extraction found. */
export async function storeMediaContent(
  db: DbOrTx,
  { mediaId, batchId, rows, metadata }: { mediaId: string; batchId: string; rows: ChunkRow[]; metadata: Record<string, unknown> },
) {
  await db.delete(chunks).where(eq(chunks.mediaId, mediaId));
  for (let i = 0; i < rows.length; i += 500) await db.insert(chunks).values(rows.slice(i, i + 500));
  await db
    .update(media)
    .set({ status: "ready", chunkCount: rows.length, metadata, batchId, updatedAt: sql`now()` })
    .where(eq(media.id, mediaId));
}

export async function getMediaRow(db: DbOrTx, { mediaId }: { mediaId: string }) {
  const [row] = await db.select().from(media).where(eq(media.id, mediaId));
  return row ?? null;
}

/** A new media whose only item failed never became content: it goes, so a retry upload is not a "duplicate". */
export async function deletePendingMedia(db: DbOrTx, { mediaId }: { mediaId: string }) {
  const rows = await db
    .delete(media)
    .where(and(eq(media.id, mediaId), eq(media.status, "pending")))
    .returning({ id: media.id });
  return rows.length > 0;
}

/** Items grouped by batch, in upload order: one `batch/created` event per batch. */
export async function groupItemsByBatch(db: DbOrTx, { itemIds }: { itemIds: readonly string[] }) {
  return db
    .select({ batchId: batchItems.batchId, accountId: batchItems.accountId, itemIds: sql<string[]>`array_agg(${batchItems.id} order by ${batchItems.position})` })
    .from(batchItems)
    .where(inArray(batchItems.id, [...itemIds]))
    .groupBy(batchItems.batchId, batchItems.accountId);
}

/** Cancels every item of the batch still waiting; the caller refunds each in the same transaction. */
export async function markQueuedItemsCancelled(db: DbOrTx, { batchId }: { batchId: string }) {
  return db
    .update(batchItems)
    .set({
      status: "cancelled",
      errorCode: "cancelled",
      errorMessage: "The batch was cancelled before this file was processed.",
      uploadPath: null,
      leaseExpiresAt: null,
      finishedAt: sql`now()`,
    })
    .where(and(eq(batchItems.batchId, batchId), eq(batchItems.status, "queued")))
    .returning();
}

export async function listQueuedUploadPaths(db: DbOrTx, { batchId }: { batchId: string }) {
  const rows = await db
    .select({ id: batchItems.id, uploadPath: batchItems.uploadPath })
    .from(batchItems)
    .where(and(eq(batchItems.batchId, batchId), eq(batchItems.status, "queued")));
  return new Map(rows.map((r) => [r.id, r.uploadPath]));
}

/**
 * The item that is making each of these media (queued or processing, not itself a duplicate):
 * a new copy of the same content waits for it instead of counting as done.
 */
export async function findInFlightOriginals(db: DbOrTx, { mediaIds }: { mediaIds: string[] }) {
  if (mediaIds.length === 0) return new Map<string, string>();
  const rows = await db
    .select({ id: batchItems.id, mediaId: batchItems.mediaId })
    .from(batchItems)
    .where(and(inArray(batchItems.mediaId, mediaIds), inArray(batchItems.status, ["queued", "processing"]), isNull(batchItems.duplicateOf)))
    .orderBy(batchItems.createdAt);
  const originals = new Map<string, string>();
  for (const r of rows) if (r.mediaId && !originals.has(r.mediaId)) originals.set(r.mediaId, r.id);
  return originals;
}

/** The original succeeded: its waiting duplicates are done, free, pointing at its media. */
export async function markDuplicatesSkipped(db: DbOrTx, { originalItemId }: { originalItemId: string }) {
  return db
    .update(batchItems)
    .set({ status: "skipped_duplicate", finishedAt: sql`now()` })
    .where(and(eq(batchItems.duplicateOf, originalItemId), eq(batchItems.status, "queued")))
    .returning();
}

/** The original failed or was cancelled: its waiting duplicates fail with it (the caller refunds each). */
export async function markDuplicatesFailed(db: DbOrTx, { originalItemId, code, message }: { originalItemId: string; code: string; message: string }) {
  return db
    .update(batchItems)
    .set({ status: "failed", errorCode: code, errorMessage: message, mediaId: null, finishedAt: sql`now()` })
    .where(and(eq(batchItems.duplicateOf, originalItemId), eq(batchItems.status, "queued")))
    .returning();
}

/** Which of these stored uploads an item still names (queued or processing items keep theirs). */
export async function findReferencedUploads(db: DbOrTx, { refs }: { refs: string[] }): Promise<Set<string>> {
  if (refs.length === 0) return new Set();
  const rows = await db.select({ uploadPath: batchItems.uploadPath }).from(batchItems).where(inArray(batchItems.uploadPath, refs));
  return new Set(rows.map((r) => r.uploadPath!));
}
