import { readFile } from "node:fs/promises";
import { getDb } from "@/db/client";
import { getMediaForAccount } from "@/db/queries/media";
import { AppError } from "@/lib/errors";
import { mediaPreviewsDir } from "@/lib/storage";
import { previewFile } from "./media-previews";

/** GET /v1/media/{id}/previews/{n}: the WebP bytes; another account's media is not_found like an unknown one. */
export async function getMediaPreview({ accountId, mediaId, index }: { accountId: string; mediaId: string; index: number }): Promise<Buffer> {
  const found = await getMediaForAccount(getDb(), { accountId, mediaId });
  if (!found) throw new AppError("not_found", `Media '${mediaId}' not found.`);
  // The folder comes from the account and the stored id, never from the request's text.
  const bytes = await readFile(previewFile(mediaPreviewsDir({ accountId, mediaId: found.media.id }), index)).catch(() => null);
  if (!bytes) throw new AppError("not_found", `Media '${mediaId}' has no preview ${index}.`);
  return bytes;
}
