import { getDb } from "@/db/client";
import { lockAccountBalance } from "@/db/queries/ledger";
import { lockMediaForAccount, setMediaAttributes } from "@/db/queries/media";
import { AppError } from "@/lib/errors";
import { rewriteMediaVectorMetadata } from "@/lib/vectors/chroma";
import { assertNotProcessing } from "./assert-not-processing";
import { isAttributeKey, mergeAttributes, vectorAttributes, type Attributes } from "./attributes";
import { getMedia } from "./get-media";
import type { MediaPatchBody, MediaDetailResponse } from "./schemas";

/**
 * PATCH /v1/media/{id}: merges attributes (null removes a key) and sets or clears external_id,
 * on the media row and on the metadata of every vector of it, text and visual.
 *
 * The vectors are rewritten inside the transaction that updates the row, before it commits:
 * if Chroma fails the row stays as it was and the request fails (a retry rewrites the same
 * metadata). Refused while an item of the media is queued or processing, whose worker would
 * write the attributes it read before this change.
 */
export async function updateMedia({ accountId, mediaId, body }: { accountId: string; mediaId: string; body: MediaPatchBody }): Promise<MediaDetailResponse> {
  await getDb().transaction(async (tx) => {
    // The account lock serialises with createBatch (a force_overwrite re-run) and with moves.
    await lockAccountBalance(tx, { accountId });
    const row = await lockMediaForAccount(tx, { accountId, mediaId });
    if (!row) throw new AppError("not_found", `Media '${mediaId}' not found.`);
    await assertNotProcessing(tx, { mediaIds: [mediaId] });
    const attributes = mergeAttributes(row.attributes, body.attributes, "attributes");
    const externalId = body.external_id === undefined ? row.externalId : body.external_id;
    await setMediaAttributes(tx, { mediaId, attributes, externalId });
    await rewriteMediaVectorMetadata({ collectionRowId: row.collectionId, mediaId, update: (metadata) => withAttributes(metadata, attributes) });
  });
  return getMedia({ accountId, mediaId, includeChunks: false });
}

/** A vector's metadata with its attribute part (values and type markers) replaced. */
function withAttributes(metadata: Record<string, unknown>, attributes: Attributes) {
  const builtIn = Object.fromEntries(Object.entries(metadata).filter(([key]) => !isAttributeKey(key))) as Record<string, string | number | boolean>;
  return { ...vectorAttributes(attributes), ...builtIn };
}
