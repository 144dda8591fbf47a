import { getDb } from "@/db/client";
import { listMediaForAccount } from "@/db/queries/media";
import { mediaSummaryBody } from "./media-body";
import type { MediaListQuery, MediaListResponse } from "./schemas";

/** GET /v1/media: the account's media, newest first; an unknown collection is simply empty. */
export async function listMedia({ accountId, query }: { accountId: string; query: MediaListQuery }): Promise<MediaListResponse> {
  const { page, page_size: pageSize } = query;
  const { rows, total } = await listMediaForAccount(getDb(), {
    accountId,
    mediaType: query.media_type,
    collectionName: query.collection,
    externalId: query.external_id,
    offset: (page - 1) * pageSize,
    limit: pageSize,
  });
  return {
    success: true,
    data: {
      media: rows.map((r) => mediaSummaryBody(r.media, r.collectionName)),
      pagination: { page, page_size: pageSize, total_items: total, total_pages: Math.max(1, Math.ceil(total / pageSize)) },
    },
  };
}
