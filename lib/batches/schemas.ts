import { z } from "zod";
import { CursorQuery } from "@/lib/api/cursor";
import { cursorPage, Dollars, IsoTime, success } from "@/lib/api/envelope";
import { BOOLEAN_RULE, QueryBoolean, TextBoolean } from "@/lib/api/query";
import { batchStatuses, itemStatuses } from "@/db/schema";
import { BatchOptions, CollectionId } from "./batch-settings";
import { FileMetadata } from "./file-metadata";
import { MAX_BATCH_WAIT_SECONDS } from "@/lib/constants";

// The schemas of the /v1/batches endpoints: handlers parse with them, and the OpenAPI
// document is generated from them, so the two cannot drift apart.

const BatchStatus = z.enum(batchStatuses);
const ItemStatus = z.enum(itemStatuses);
const ItemCounts = z.object(Object.fromEntries(itemStatuses.map((s) => [s, z.number().int()])) as Record<(typeof itemStatuses)[number], z.ZodNumber>);
const Cost = z.object({ charged: Dollars, refunded: Dollars, net: Dollars });

export const SubmitBatchMultipart = z.object({
  file: z.array(z.file()).min(1).max(25).describe("The files, one part each (1-25, 100 MB in all)"),
  collection_id: CollectionId.optional(),
  force_overwrite: TextBoolean.optional().describe(`Reprocess and charge files already in the collection: ${BOOLEAN_RULE}`),
  batch_options: z.string().optional().describe(`JSON object: ${Object.keys(BatchOptions.shape).join(", ")}`),
  file_metadata: z.string().optional().describe(`JSON: ${FileMetadata.description}`),
});

const Money = Dollars;
export const BatchCreatedResponse = success(
  z.object({
    batch_id: z.string(),
    status: z.literal("created"),
    total_items: z.number().int(),
    created_at: IsoTime,
    estimated_completion_seconds: z.number(),
    estimated_completion: IsoTime,
    collection: z.string(),
    cost_estimate: z.object({
      total: Money,
      breakdown: z.object({
        processing: z.object({ document: Money, image: Money, video: Money, audio: Money, model: Money }),
        storage: Money,
      }),
    }),
    settings: z.object({ force_overwrite: z.boolean(), collection_id: z.string(), media_count: z.number().int() }),
  }),
  {
    metadata: z.object({
      force_overwrite: z.boolean(),
      media_types: z.partialRecord(z.enum(["document", "image", "video", "audio", "model"]), z.number().int()),
      collection_id: z.string(),
      rejected_files: z.array(z.object({ filename: z.string(), reason: z.string() })).optional().describe("Only with skip_invalid"),
    }),
  },
);

export const BatchStatusQuery = z.object({
  include_errors: QueryBoolean.describe(`Add the failed items' errors (${BOOLEAN_RULE}; absent is false)`),
  include_job_details: QueryBoolean.describe(`Add each item's attempts and timing (${BOOLEAN_RULE}; absent is false)`),
  include_webhooks: QueryBoolean.describe(`Add every webhook delivery attempt of the batch (${BOOLEAN_RULE}; absent is false)`),
  wait: z.coerce
    .number()
    .int()
    .min(0)
    .max(MAX_BATCH_WAIT_SECONDS)
    .default(0)
    .describe(
      `Long poll: hold the answer up to this many seconds (0-${MAX_BATCH_WAIT_SECONDS}) until the batch's status or its counts of finished items change, then answer as without it. A batch already completed, failed or cancelled is answered at once. One request in place of a polling loop; absent or 0 answers at once`,
    ),
});

export const BatchStatusResponse = success(
  z.object({
    batch_id: z.string(),
    name: z.string().nullable(),
    status: BatchStatus,
    collection: z.string(),
    created_at: IsoTime,
    started_at: IsoTime.nullable(),
    completed_at: IsoTime.nullable(),
    cancelled_at: IsoTime.nullable(),
    total_items: z.number().int(),
    progress: z.object({ percentage: z.number().int(), completed: z.number().int(), total: z.number().int() }),
    counts: ItemCounts,
    timing: z.object({ elapsed_seconds: z.number().int(), estimated_completion: IsoTime.nullable() }),
    cost: Cost,
    errors: z
      .array(z.object({ item_id: z.string(), filename: z.string(), code: z.string().nullable(), message: z.string().nullable() }))
      .optional(),
    jobs: z
      .array(
        z.object({
          item_id: z.string(),
          filename: z.string(),
          status: ItemStatus,
          attempts: z.number().int(),
          started_at: IsoTime.nullable(),
          finished_at: IsoTime.nullable(),
          processing_ms: z.number().int().nullable(),
        }),
      )
      .optional(),
    webhooks: z
      .array(
        z.object({
          event_id: z.string(),
          event_type: z.string(),
          url: z.string(),
          attempt: z.number().int(),
          status_code: z.number().int().nullable(),
          delivered: z.boolean(),
          error: z.string().nullable(),
          duration_ms: z.number().int(),
          started_at: IsoTime,
          finished_at: IsoTime,
          next_attempt_at: IsoTime.nullable(),
        }),
      )
      .optional()
      .describe("With include_webhooks: every delivery attempt of the batch.completed event"),
  }),
);

export const BatchResultsResponse = success(
  z.object({
    batch_id: z.string(),
    status: BatchStatus,
    items: z.array(
      z.object({
        item_id: z.string(),
        filename: z.string(),
        media_id: z.string().nullable(),
        media_type: z.string(),
        checksum: z.string(),
        size_bytes: z.number().int(),
        status: ItemStatus,
        error: z.object({ code: z.string(), message: z.string().nullable() }).nullable(),
        chunks_written: z.number().int(),
        vectors_written: z.number().int(),
      }),
    ),
    pagination: z.object({ page: z.number().int(), page_size: z.number().int(), total_items: z.number().int(), total_pages: z.number().int() }),
  }),
);

/** A day (2026-11-29, midnight UTC) or an instant with its offset (2026-11-29T08:00:00+01:00). */
const QueryTime = z
  .union([z.iso.date(), z.iso.datetime({ offset: true })])
  .transform((value) => new Date(value));

export const ListBatchesQuery = z.object({
  ...CursorQuery,
  status: BatchStatus.optional().describe("Only batches in this status"),
  collection: CollectionId.optional().describe("Only batches stored in this collection (its name)"),
  created_after: QueryTime.optional().describe("Only batches created at or after this time: an ISO 8601 date (midnight UTC) or date-time with offset"),
  created_before: QueryTime.optional().describe("Only batches created strictly before this time: an ISO 8601 date (midnight UTC) or date-time with offset"),
});

export const BatchSummary = z.object({
  batch_id: z.string(),
  name: z.string().nullable(),
  status: BatchStatus,
  collection: z.string(),
  total_items: z.number().int(),
  completed_items: z.number().int().describe("Items that reached a final status (succeeded, failed, skipped_duplicate or cancelled)"),
  counts: ItemCounts.describe("Items per status, as GET /v1/batches/{id} counts them: a client following many batches reads one only when it has failures to list"),
  created_at: IsoTime,
  started_at: IsoTime.nullable(),
  completed_at: IsoTime.nullable(),
  cancelled_at: IsoTime.nullable(),
  cost: Cost,
});
export const BatchListResponse = cursorPage(BatchSummary);
export type BatchListResponse = z.infer<typeof BatchListResponse>;

export const BatchStateBody = z.strictObject({
  state: z.literal("cancelled").describe("The only state a client can ask for"),
});

export const BatchStateResponse = success(
  z.object({
    batch_id: z.string(),
    status: BatchStatus.describe("`cancelled` once no item runs; `running` while items started before the cancel finish"),
    cancelled_at: IsoTime.nullable().describe("When the first cancel arrived; null if the batch had already ended"),
    completed_at: IsoTime.nullable(),
    cancelled_items: z.number().int().describe("Items this request cancelled (0 on a repeat)"),
    refunded: Dollars.describe("Refunded by this request"),
    counts: ItemCounts,
  }),
);
export type BatchStateResponse = z.infer<typeof BatchStateResponse>;
