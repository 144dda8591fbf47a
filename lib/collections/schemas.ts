import { z } from "zod";
import { CollectionId } from "@/lib/batches/batch-settings";
import { MediaIds } from "@/lib/media/schemas";

// Request and response schemas of /v1/media/collections: the handlers parse with them and
// the route specs (OpenAPI) describe the same objects.

/**
 * The collection's name is the path's {id}. Names may contain '/': send it URL-encoded
 * (reports%2F2026) or as plain path segments (reports/2026); both reach the same collection.
 */
export const CollectionParams = z.object({ id: CollectionId.describe("The collection's name (collection_id at upload), URL-encoded") });
export type CollectionParams = z.infer<typeof CollectionParams>;

export const MoveMediaBody = z.strictObject({ media_ids: MediaIds });
export type MoveMediaBody = z.infer<typeof MoveMediaBody>;

const Timestamp = z.string().describe("ISO 8601");

export const CollectionSummary = z.strictObject({
  collection_id: z.string().describe("The collection's name"),
  item_count: z.number().int().describe("Ready media"),
  chunk_count: z.number().int().describe("Chunks (= vectors per space) of its ready media"),
  created_at: Timestamp,
});
export type CollectionSummary = z.infer<typeof CollectionSummary>;

export const CollectionListResponse = z.strictObject({
  success: z.literal(true),
  data: z.strictObject({ collections: z.array(CollectionSummary) }),
});
export type CollectionListResponse = z.infer<typeof CollectionListResponse>;

export const MediaMovedResponse = z.strictObject({
  success: z.literal(true),
  data: z.strictObject({
    collection_id: z.string(),
    created: z.boolean().describe("The collection did not exist and was created"),
    moved: z.number().int(),
    moved_ids: z.array(z.string()),
    already_in_collection: z.array(z.string()).describe("Ids that were already there: nothing to do"),
    vectors_moved: z.number().int(),
  }),
});
export type MediaMovedResponse = z.infer<typeof MediaMovedResponse>;

export const CollectionDeletedResponse = z.strictObject({
  success: z.literal(true),
  data: z.strictObject({ collection_id: z.string(), deleted: z.literal(true), media_deleted: z.number().int() }),
});
export type CollectionDeletedResponse = z.infer<typeof CollectionDeletedResponse>;
