import { getDb } from "@/db/client";
import { getBatchForAccount, listBatchItems } from "@/db/queries/batches";
import { AppError } from "@/lib/errors";

export async function getBatchResults({ accountId, batchId, page, pageSize }: { accountId: string; batchId: string; page: number; pageSize: number }) {
  const db = getDb();
  const found = await getBatchForAccount(db, { accountId, batchId });
  if (!found) throw new AppError("not_found", `Batch '${batchId}' not found.`);
  const items = await listBatchItems(db, { batchId, offset: (page - 1) * pageSize, limit: pageSize });
  const total = found.batch.totalItems;
  return {
    batch_id: batchId,
    status: found.batch.status,
    items: items.map((i) => ({
      item_id: i.id,
      filename: i.filename,
      media_id: i.mediaId,
      media_type: i.mediaType,
      checksum: i.checksum,
      size_bytes: i.sizeBytes,
      status: i.status,
      error: i.errorCode ? { code: i.errorCode, message: i.errorMessage } : null,
      chunks_written: i.chunksWritten,
      vectors_written: i.vectorsWritten,
    })),
    pagination: { page, page_size: pageSize, total_items: total, total_pages: Math.max(1, Math.ceil(total / pageSize)) },
  };
}
