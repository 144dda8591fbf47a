import { getDb } from "@/db/client";
import { getMediaForAccount } from "@/db/queries/media";
import { getBlobStore } from "@/lib/blob-store";
import { AppError } from "@/lib/errors";
import { previewKey } from "./media-previews";

/**
 * GET /v1/media/{id}/previews/{n}: the WebP bytes, read from the blob store by the app (not a
 * signed URL): the API key check stays the only door, and a bucket never needs to be public
 * or reachable by the client. Another account's media is not_found like an unknown one.
 */
export async function getMediaPreview({ accountId, mediaId, index }: { accountId: string; mediaId: string; index: number }): Promise<Buffer> {
  const found = await getMediaForAccount(getDb(), { accountId, mediaId });
  if (!found) throw new AppError("not_found", `Media '${mediaId}' not found.`);
  const bytes = await getBlobStore().getBuffer(previewKey({ accountId, mediaId: found.media.id }, index)).catch(() => null);
  if (!bytes) throw new AppError("not_found", `Media '${mediaId}' has no preview ${index}.`);
  return bytes;
}
