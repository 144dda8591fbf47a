import type { MediaRow } from "@/db/queries/media";
import type { MediaSummary } from "./schemas";

/** A media row as the API shows it (GET /v1/media and GET /v1/media/{id}). */
export function mediaSummaryBody(row: MediaRow, collectionName: string): MediaSummary {
  return {
    media_id: row.id,
    filename: row.filename,
    media_type: row.mediaType,
    extension: row.extension,
    size_bytes: row.sizeBytes,
    checksum: row.checksum,
    revision: row.revision,
    status: row.status,
    chunk_count: row.chunkCount,
    collection: collectionName,
    batch_id: row.batchId,
    attributes: row.attributes,
    external_id: row.externalId,
    created_at: row.createdAt.toISOString(),
    updated_at: row.updatedAt.toISOString(),
  };
}
