import { getDb } from "@/db/client";
import { getMediaForAccount, listChunksOfMedia } from "@/db/queries/media";
import { AppError } from "@/lib/errors";
import { mediaSummaryBody } from "./media-body";
import { listMediaPreviews } from "./media-previews";
import type { MediaDetailResponse } from "./schemas";

/** GET /v1/media/{id}: another account's media is not_found, exactly like an unknown id. */
export async function getMedia({ accountId, mediaId, includeChunks }: { accountId: string; mediaId: string; includeChunks: boolean }): Promise<MediaDetailResponse> {
  const db = getDb();
  const found = await getMediaForAccount(db, { accountId, mediaId });
  if (!found) throw new AppError("not_found", `Media '${mediaId}' not found.`);
  const chunks = includeChunks ? await listChunksOfMedia(db, { mediaId }) : null;
  const previews = await listMediaPreviews({ accountId, mediaId });
  return {
    success: true,
    data: {
      ...mediaSummaryBody(found.media, found.collectionName),
      metadata: found.media.metadata,
      previews: previews.map((p) => ({ ...p, url: `/v1/media/${mediaId}/previews/${p.index}` })),
      ...(chunks && {
        chunks: chunks.map((c) => ({ chunk_index: c.chunkIndex, text: c.text, page: c.page, label: c.label, start_s: c.startS, end_s: c.endS })),
      }),
    },
  };
}
