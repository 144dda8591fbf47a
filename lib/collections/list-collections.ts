import { getDb } from "@/db/client";
import { listCollectionsWithCounts } from "@/db/queries/collections";
import type { CollectionListResponse } from "./schemas";

/** GET /v1/media/collections: every collection of the account, by name, with what is ready in it. */
export async function listCollections({ accountId }: { accountId: string }): Promise<CollectionListResponse> {
  const rows = await listCollectionsWithCounts(getDb(), { accountId });
  return {
    success: true,
    data: {
      collections: rows.map((r) => ({ collection_id: r.name, item_count: r.itemCount, chunk_count: r.chunkCount, created_at: r.createdAt.toISOString() })),
    },
  };
}
