import { z } from "zod";
import { BOOLEAN_RULE, Pagination, QueryBoolean, TextBoolean } from "@/lib/api/query";
import { BatchOptions, CollectionId } from "@/lib/batches/batch-settings";
import { Attributes, AttributesPatch, ExternalId } from "./attributes";
import { FileMetadata } from "@/lib/batches/file-metadata";
import { CATEGORIES, MAX_MEDIA_IDS_PER_REQUEST, MAX_PREVIEWS_PER_MEDIA, PREVIEW_MAX_EDGE, type MediaCategory } from "@/lib/constants";

// Request and response schemas of /v1/media: the handlers parse with them and the route
// specs (OpenAPI) describe the same objects.

const MEDIA_CATEGORIES = Object.keys(CATEGORIES) as [MediaCategory, ...MediaCategory[]];

export const MediaIdParams = z.object({ id: z.string().min(1).max(100).describe("Media id, e.g. med_...") });
export type MediaIdParams = z.infer<typeof MediaIdParams>;

export const MediaListQuery = Pagination.extend({
  media_type: z.enum(MEDIA_CATEGORIES).optional().describe("Only media of this category, e.g. document"),
  collection: CollectionId.optional().describe("Only media of this collection (its name)"),
  external_id: ExternalId.optional().describe("Only media with this external_id (every revision that carries it)"),
});
export type MediaListQuery = z.infer<typeof MediaListQuery>;

export const MediaPreviewParams = MediaIdParams.extend({
  n: z.coerce
    .number()
    .int()
    .min(0)
    .max(MAX_PREVIEWS_PER_MEDIA - 1)
    .describe("The preview's index, as listed in GET /v1/media/{id}'s previews"),
});
export type MediaPreviewParams = z.infer<typeof MediaPreviewParams>;

export const MediaGetQuery = z.object({ include_chunks: QueryBoolean.describe(`Add every chunk's text and position (${BOOLEAN_RULE}; absent is false)`) });
export type MediaGetQuery = z.infer<typeof MediaGetQuery>;

export const MediaIds = z
  .array(z.string().min(1).max(100))
  .min(1)
  .max(MAX_MEDIA_IDS_PER_REQUEST)
  .describe(`1-${MAX_MEDIA_IDS_PER_REQUEST} media ids; repeats count once`);

export const DeleteMediaBatchBody = z.strictObject({
  media_ids: MediaIds,
  reason: z.string().max(500).optional().describe("Why; echoed back, not stored"),
});
export type DeleteMediaBatchBody = z.infer<typeof DeleteMediaBatchBody>;

/** The multipart fields of POST /v1/media: those of POST /v1/batches, with exactly one file. */
export const MediaUploadFields = z.object({
  file: z.file().describe("Exactly one file; two or more is a validation_error"),
  collection_id: CollectionId.optional(),
  force_overwrite: TextBoolean.optional().describe(`Reprocess and charge a file already in the collection: ${BOOLEAN_RULE}`),
  batch_options: z.string().optional().describe(`JSON: ${Object.keys(BatchOptions.shape).join(", ")}`),
  file_metadata: z.string().optional().describe(`JSON: ${FileMetadata.description}`),
});

export const MediaPatchBody = z
  .strictObject({
    attributes: AttributesPatch.optional(),
    external_id: ExternalId.nullable().optional().describe("The new external id; null clears it"),
  })
  .refine((b) => b.attributes !== undefined || b.external_id !== undefined, "send attributes, external_id or both")
  .describe("JSON merge patch of a media's attributes and external_id; its vectors' metadata follows in the same request");
export type MediaPatchBody = z.infer<typeof MediaPatchBody>;

const Timestamp = z.string().describe("ISO 8601");

export const MediaSummary = z.strictObject({
  media_id: z.string(),
  filename: z.string(),
  media_type: z.string(),
  extension: z.string(),
  size_bytes: z.number().int(),
  checksum: z.string().describe("SHA-256, hex"),
  revision: z.number().int().describe("1 for a filename's first content in its collection, +1 per new content"),
  status: z.enum(["pending", "ready"]),
  chunk_count: z.number().int(),
  collection: z.string(),
  batch_id: z.string().nullable().describe("The batch that last processed it"),
  attributes: Attributes.describe("The client's attributes: batch_options.metadata merged with this file's file_metadata, then PATCH /v1/media/{id}; on every vector, filterable in search"),
  external_id: z.string().nullable().describe("The client's own id for the file, from file_metadata or PATCH"),
  created_at: Timestamp,
  updated_at: Timestamp,
});
export type MediaSummary = z.infer<typeof MediaSummary>;

export const MediaChunk = z.strictObject({
  chunk_index: z.number().int(),
  text: z.string(),
  page: z.number().int().nullable(),
  label: z.string().nullable(),
  start_s: z.number().nullable(),
  end_s: z.number().nullable(),
});
export type MediaChunk = z.infer<typeof MediaChunk>;

export const MediaPreview = z.strictObject({
  index: z.number().int(),
  url: z.string().describe("GET it (same key) for the WebP"),
  label: z.string().nullable().describe("What the picture is, e.g. 'frame at 0:04' or 'thumbnail'"),
  start_s: z.number().nullable().describe("Where a video key frame is, in seconds"),
});
export type MediaPreview = z.infer<typeof MediaPreview>;

export const MediaDetail = MediaSummary.extend({
  metadata: z.record(z.string(), z.unknown()).describe("What extraction found (title, pages, ...)"),
  previews: z
    .array(MediaPreview)
    .describe(`Small WebP pictures (at most ${PREVIEW_MAX_EDGE} px on the long side) of an image, a video's key frames or a 3D model's thumbnail; none for documents and audio`),
  chunks: z.array(MediaChunk).optional().describe("With include_chunks=true, by chunk_index"),
});
export type MediaDetail = z.infer<typeof MediaDetail>;

const PaginationBody = z.strictObject({
  page: z.number().int(),
  page_size: z.number().int(),
  total_items: z.number().int(),
  total_pages: z.number().int(),
});

export const MediaListResponse = z.strictObject({
  success: z.literal(true),
  data: z.strictObject({ media: z.array(MediaSummary), pagination: PaginationBody }),
});
export type MediaListResponse = z.infer<typeof MediaListResponse>;

export const MediaDetailResponse = z.strictObject({ success: z.literal(true), data: MediaDetail });
export type MediaDetailResponse = z.infer<typeof MediaDetailResponse>;

export const MediaDeletedResponse = z.strictObject({
  success: z.literal(true),
  data: z.strictObject({ media_id: z.string(), deleted: z.literal(true) }),
});
export type MediaDeletedResponse = z.infer<typeof MediaDeletedResponse>;

export const MediaDeleteFailure = z.strictObject({
  media_id: z.string(),
  error: z.strictObject({ code: z.string(), message: z.string() }),
});

export const MediaBatchDeletedResponse = z.strictObject({
  success: z.literal(true),
  data: z.strictObject({
    deleted: z.number().int(),
    failed: z.number().int(),
    deleted_ids: z.array(z.string()),
    failures: z.array(MediaDeleteFailure).describe("not_found for unknown or another account's ids; validation_error while an item still processes"),
    reason: z.string().nullable(),
  }),
});
export type MediaBatchDeletedResponse = z.infer<typeof MediaBatchDeletedResponse>;

const CostEstimateBody = z.strictObject({
  total: z.number(),
  breakdown: z.strictObject({
    processing: z.strictObject({ document: z.number(), image: z.number(), video: z.number(), audio: z.number(), model: z.number() }),
    storage: z.number(),
  }),
});

export const MediaCreatedResponse = z.strictObject({
  success: z.literal(true),
  data: z.strictObject({
    media_id: z.string(),
    item_id: z.string(),
    batch_id: z.string().describe("The batch of one it is processed in: follow it with GET /v1/batches/{id}"),
    filename: z.string(),
    media_type: z.string(),
    checksum: z.string(),
    status: z.enum(["queued", "skipped_duplicate"]).describe("What submission did: queued for processing, or skipped_duplicate when the collection already holds this content (free)"),
    collection: z.string(),
    created_at: Timestamp,
    estimated_completion_seconds: z.number(),
    estimated_completion: Timestamp,
    cost_estimate: CostEstimateBody,
  }),
  metadata: z.strictObject({ force_overwrite: z.boolean(), collection_id: z.string() }),
});
export type MediaCreatedResponse = z.infer<typeof MediaCreatedResponse>;

/** GET /v1/media/{id}/previews/{n} answers with the picture itself. */
export const MediaPreviewImage = z.string().describe("The WebP bytes").meta({ contentMediaType: "image/webp", format: "binary" });
