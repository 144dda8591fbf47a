import { createHash } from "node:crypto";
import { getDb } from "@/db/client";
import { findInFlightOriginals } from "@/db/queries/items";
import { getIdempotencyRecord, insertBatchRows, insertIdempotencyRecord, type NewBatchItem, type NewMedia } from "@/db/queries/batches";
import { findMediaByChecksums, getOrCreateCollection, latestRevisions } from "@/db/queries/collections";
import { appendLedgerEntry, lockAccountBalance } from "@/db/queries/ledger";
import { ITEM_PRICE_MICROS } from "@/lib/constants";
import { AppError } from "@/lib/errors";
import { newId } from "@/lib/ids";
import { enqueueBatchClosed, enqueueItems } from "@/lib/jobs";
import { flushJobOutbox } from "@/lib/jobs/flush-job-outbox";
import { planBatchWebhooks } from "@/lib/webhooks/plan-batch-webhooks";
import { getBlobStore } from "@/lib/blob-store";
import { estimateCost, microsToDollars } from "@/lib/billing/pricing";
import type { BatchSettings } from "./batch-settings";
import { batchCreatedBody, type BatchCreatedBody } from "./batch-created-body";
import { estimateCompletionSeconds } from "./estimate-completion";
import type { RejectedFile, ValidFile } from "./validate-files";
import { attributesOfFile } from "./file-metadata";
import { setMediaAttributes } from "@/db/queries/media";
import type { Attributes } from "@/lib/media/attributes";

export interface CreateBatchInput {
  accountId: string;
  settings: BatchSettings;
  files: ValidFile[];
  rejected: RejectedFile[];
  idempotencyKey?: string;
}

/**
 * Creates a batch: deduplicates by checksum and type, charges the estimate and queues the items, all
 * in one transaction under the account's row lock, so concurrent submissions can never
 * overdraw the balance and an Idempotency-Key retry can never charge twice. The uploads are
 * already durable in the blob store (receiveMultipart waits for that), so a committed item
 * always names bytes that exist; `kept` lists the uploads the caller must not delete.
 */
export async function createBatch(input: CreateBatchInput): Promise<{ body: BatchCreatedBody; kept: Set<string> }> {
  const { accountId, settings, files } = input;
  const batchId = newId("batch");
  const requestHash = hashRequest(settings, files);
  const store = getBlobStore();

  const result = await getDb().transaction(async (tx) => {
    const balance = await lockAccountBalance(tx, { accountId });
    if (balance === null) throw new AppError("unauthorized", "The API key's account no longer exists.");

    if (input.idempotencyKey) {
      const previous = await getIdempotencyRecord(tx, { accountId, key: input.idempotencyKey });
      if (previous && previous.requestHash !== requestHash) {
        throw new AppError("idempotency_conflict", "This Idempotency-Key was used with a different request.", { batch_id: previous.batchId });
      }
      if (previous) return { body: previous.response as BatchCreatedBody, kept: new Set<string>(), replayed: true };
    }

    const collection = await getOrCreateCollection(tx, { id: newId("col"), accountId, name: settings.collectionId });
    // The same bytes under another type (.xlsx, .docx) are another document: the key holds both.
    const contentKey = (f: { checksum: string; extension: string }) => `${f.checksum}${f.extension}`;
    const existing = new Map(
      (await findMediaByChecksums(tx, { collectionRowId: collection.id, checksums: files.map((f) => f.checksum), lock: true })).map((m) => [contentKey(m), m]),
    );
    // Content still being made: a new copy waits for the item making it and ends as it ends.
    const inFlight = await findInFlightOriginals(tx, { mediaIds: [...existing.values()].filter((m) => m.status === "pending").map((m) => m.id) });
    const revisions = await latestRevisions(tx, { collectionRowId: collection.id, filenames: files.map((f) => f.filename) });

    const items: NewBatchItem[] = [];
    const newMedia: NewMedia[] = [];
    const overwritten: Array<{ mediaId: string; attributes: Attributes; externalId: string | null }> = [];
    const firstInBatch = new Map<string, NewBatchItem>();
    for (const [position, file] of files.entries()) {
      const itemId = newId("item");
      const base = { id: itemId, batchId, accountId, position, filename: file.filename, extension: file.extension, mediaType: file.category, sizeBytes: file.size, checksum: file.checksum };
      const key = contentKey(file);
      const known = existing.get(key);
      const first = firstInBatch.get(key);
      // Within one batch a repeated file is always a duplicate: processing it twice buys nothing.
      if (first || (known && !settings.forceOverwrite)) {
        const mediaId = first ? first.mediaId : known!.id;
        const original = first ? (first.status === "queued" ? (first.duplicateOf ?? first.id) : undefined) : inFlight.get(known!.id);
        items.push(original ? { ...base, status: "queued", mediaId, duplicateOf: original } : { ...base, status: "skipped_duplicate", mediaId });
        if (!first) firstInBatch.set(key, items.at(-1)!);
        continue;
      }
      let mediaId = known?.id;
      const { attributes, externalId } = attributesOfFile(settings, file.filename);
      if (!mediaId) {
        mediaId = newId("med");
        const revision = (revisions.get(file.filename) ?? 0) + 1;
        revisions.set(file.filename, revision);
        newMedia.push({ id: mediaId, accountId, collectionId: collection.id, batchId, filename: file.filename, extension: file.extension, mediaType: file.category, sizeBytes: file.size, checksum: file.checksum, revision, attributes, externalId });
      } else {
        // force_overwrite reprocesses known content: it takes this request's attributes, like new content.
        overwritten.push({ mediaId, attributes, externalId });
      }
      // The upload is not moved: an S3 "move" is a copy, and the item simply names where it is.
      const uploadPath = store.ref(file.key);
      items.push({ ...base, status: "queued", mediaId, uploadPath, chargedMicros: ITEM_PRICE_MICROS });
      firstInBatch.set(key, items.at(-1)!);
    }

    const charged = items.filter((i) => i.status === "queued" && !i.duplicateOf);
    const estimate = estimateCost(charged.map((i) => files[i.position]!.category));
    if (estimate.totalMicros > balance) {
      throw new AppError("insufficient_funds", "Insufficient balance for operation", {
        required_amount: microsToDollars(estimate.totalMicros),
        current_balance: microsToDollars(balance),
        shortfall: microsToDollars(estimate.totalMicros - balance),
      });
    }

    const seconds = await estimateCompletionSeconds(tx, charged.map((i) => i.mediaType));
    const createdAt = new Date();
    const estimatedAt = new Date(createdAt.getTime() + seconds * 1000);
    const allDone = !items.some((i) => i.status === "queued");
    await insertBatchRows(tx, {
      batch: {
        id: batchId,
        accountId,
        collectionId: collection.id,
        name: settings.batchName ?? null,
        status: allDone ? "completed" : "created",
        totalItems: items.length,
        forceOverwrite: settings.forceOverwrite,
        options: { metadata: settings.metadata, chunk_size: settings.chunkSize, chunk_overlap: settings.chunkOverlap, callback_url: settings.callbackUrl ?? null },
        chargedMicros: estimate.totalMicros,
        estimatedCompletionAt: estimatedAt,
        createdAt,
        completedAt: allDone ? createdAt : null,
      },
      items,
      newMedia,
    });
    for (const m of overwritten) await setMediaAttributes(tx, m);
    if (estimate.totalMicros > 0) {
      await appendLedgerEntry(tx, { accountId, type: "charge", amountMicros: -estimate.totalMicros, batchId, description: `Batch ${batchId}: ${charged.length} file(s)` });
    }

    await enqueueItems(tx, charged.map((i) => i.id));
    // Nothing to process (all duplicates): the batch is born closed and owes its webhook now.
    if (allDone) await enqueueBatchClosed(tx, { batchId, accountId, status: "completed", deliveries: await planBatchWebhooks(tx, { batchId }) });

    const body = batchCreatedBody({ batchId, settings, createdAt, estimatedAt, seconds, estimate, categories: files.map((f) => f.category), rejected: input.rejected });
    if (input.idempotencyKey) {
      await insertIdempotencyRecord(tx, { accountId, key: input.idempotencyKey, requestHash, batchId, response: body });
    }
    const kept = new Set(charged.map((i) => files[i.position]!.key));
    return { body, kept, replayed: false };
  });
  // After commit: the Inngest driver's events leave now (a no-op on the postgres driver).
  if (!result.replayed) await flushJobOutbox({ batchId });
  return { body: result.body, kept: result.kept };
}

/** Same key + same request = same batch. Files are compared by name and content. */
function hashRequest(settings: BatchSettings, files: ValidFile[]): string {
  const canonical = JSON.stringify({ settings, files: files.map((f) => [f.filename, f.checksum]) });
  return createHash("sha256").update(canonical).digest("hex");
}
