import { toAppError } from "@/lib/errors";
import { deleteMedia } from "./delete-media";
import type { DeleteMediaBatchBody, MediaBatchDeletedResponse } from "./schemas";

/**
 * DELETE /v1/media/batch: each id is deleted on its own (see deleteMedia), so one that fails
 * (unknown, another account's, still processing) is listed and the others still go.
 */
export async function deleteMediaBatch({ accountId, body }: { accountId: string; body: DeleteMediaBatchBody }): Promise<MediaBatchDeletedResponse> {
  const deletedIds: string[] = [];
  const failures: MediaBatchDeletedResponse["data"]["failures"] = [];
  for (const mediaId of new Set(body.media_ids)) {
    try {
      await deleteMedia({ accountId, mediaId });
      deletedIds.push(mediaId);
    } catch (error) {
      const appError = toAppError(error);
      failures.push({ media_id: mediaId, error: { code: appError.code, message: appError.message } });
    }
  }
  return {
    success: true,
    data: { deleted: deletedIds.length, failed: failures.length, deleted_ids: deletedIds, failures, reason: body.reason ?? null },
  };
}
