import { getDb } from "@/db/client";
import { listBatchItems } from "@/db/queries/batches";
import { submitBatch } from "@/lib/batches/submit-batch";
import type { MediaCreatedResponse } from "./schemas";

/**
 * POST /v1/media: one file, processed as a batch of one (same fields, validation, dedupe,
 * charge, Idempotency-Key and worker path as POST /v1/batches). The answer names the media
 * and its item beside the batch, so the caller can follow either.
 */
export async function createMedia({ request, accountId }: { request: Request; accountId: string }): Promise<MediaCreatedResponse> {
  const batch = await submitBatch({ request, accountId, maxFiles: 1 });
  // Read back rather than returned by createBatch: an Idempotency-Key replay answers from the stored batch body.
  const [item] = await listBatchItems(getDb(), { batchId: batch.data.batch_id, offset: 0, limit: 1 });
  if (!item?.mediaId) throw new Error(`batch ${batch.data.batch_id} has no media item`);
  const { data } = batch;
  return {
    success: true,
    data: {
      media_id: item.mediaId,
      item_id: item.id,
      batch_id: data.batch_id,
      filename: item.filename,
      media_type: item.mediaType,
      checksum: item.checksum,
      status: item.status === "skipped_duplicate" ? "skipped_duplicate" : "queued",
      collection: data.collection,
      created_at: data.created_at,
      estimated_completion_seconds: data.estimated_completion_seconds,
      estimated_completion: data.estimated_completion,
      cost_estimate: data.cost_estimate,
    },
    metadata: { force_overwrite: batch.metadata.force_overwrite, collection_id: batch.metadata.collection_id },
  };
}
