import type { DbOrTx } from "@/db/client";
import { activeItemsOfMedia } from "@/db/queries/media";
import { AppError } from "@/lib/errors";

/**
 * Refuses to touch media that a worker may still write: its vectors and chunks would be
 * rewritten (or orphaned) behind our back. There is no 409 in the error contract
 * (lib/errors.ts), so this is a validation_error that names the items to wait for.
 */
export async function assertNotProcessing(db: DbOrTx, { mediaIds }: { mediaIds: string[] }) {
  const active = await activeItemsOfMedia(db, { mediaIds });
  if (active.length === 0) return;
  throw new AppError("validation_error", "Media is still queued or processing: retry once its batch has finished.", {
    items: active.map((a) => ({ media_id: a.mediaId, item_id: a.itemId, batch_id: a.batchId, status: a.status })),
  });
}
