import { getDb } from "@/db/client";
import { claimTextModel, claimVisualModel, findCollectionByName, findMediaByChecksums, getCollectionByRowId, getOrCreateCollection } from "@/db/queries/collections";
import { lockAccountBalance } from "@/db/queries/ledger";
import { findMediaForAccount, moveMediaRows, type MediaRow } from "@/db/queries/media";
import { AppError } from "@/lib/errors";
import { newId } from "@/lib/ids";
import { assertNotProcessing } from "@/lib/media/assert-not-processing";
import { copyVectorsOfMedia, deleteVectorsOfMedia } from "@/lib/vectors/chroma";
import type { MediaMovedResponse } from "./schemas";

/**
 * POST /v1/media/collections/{id}/items: moves media into a collection (created if missing),
 * all or nothing. Every check (ownership, still processing, duplicate content, embedding
 * model) runs before anything changes.
 *
 * Order, so a failure never loses vectors: (1) copy vectors into the target (upsert by the
 * same ids, so a retry copies nothing twice); (2) move chunk and media rows in one
 * transaction; (3) delete the vectors from the source. A failure in (1) or (2) removes the
 * copies again and leaves everything where it was; a failure in (3) leaves stale copies in
 * the source collection (logged), never a media without vectors.
 */
export async function moveMedia({ accountId, name, mediaIds }: { accountId: string; name: string; mediaIds: string[] }): Promise<MediaMovedResponse> {
  const db = getDb();
  const ids = [...new Set(mediaIds)];
  const found = await findMediaForAccount(db, { accountId, mediaIds: ids });
  const missing = ids.filter((id) => !found.some((f) => f.media.id === id));
  // Another account's media is indistinguishable from an unknown id.
  if (missing.length > 0) throw new AppError("not_found", `${missing.length} media not found; nothing was moved.`, { missing_ids: missing });
  await assertNotProcessing(db, { mediaIds: ids });

  const existing = await findCollectionByName(db, { accountId, name });
  const toMove = found.map((f) => f.media).filter((m) => m.collectionId !== existing?.id);
  const already = found.filter((f) => f.media.collectionId === existing?.id).map((f) => f.media.id);
  await assertNoConflicts(toMove, existing?.id);
  const sources = await sourceCollections(toMove);
  assertOneModelPerSpace([existing, ...sources]);
  if (toMove.length === 0) {
    return { success: true, data: { collection_id: name, created: false, moved: 0, moved_ids: [], already_in_collection: already, vectors_moved: 0 } };
  }

  const target = existing ?? (await getOrCreateCollection(db, { id: newId("col"), accountId, name }));
  const withModel = sources.find((s) => s.textModel);
  if (withModel && !target.textModel) {
    await claimTextModel(db, { id: target.id, provider: withModel.textProvider!, model: withModel.textModel!, dimension: withModel.textDimension! });
  }
  const withVisual = sources.find((s) => s.visualModel);
  if (withVisual && !target.visualModel) {
    await claimVisualModel(db, { id: target.id, provider: withVisual.visualProvider!, model: withVisual.visualModel!, dimension: withVisual.visualDimension! });
  }
  const bySource = groupBySource(toMove);
  const movedIds = toMove.map((m) => m.id);
  let vectorsMoved = 0;
  try {
    for (const [sourceId, group] of bySource) {
      vectorsMoved += await copyVectorsOfMedia({ accountId, fromCollectionRowId: sourceId, toCollectionRowId: target.id, toCollectionName: name, mediaIds: group });
    }
    await db.transaction(async (tx) => {
      // Serialises with createBatch and deletes; then re-check what they may have changed.
      await lockAccountBalance(tx, { accountId });
      await assertNotProcessing(tx, { mediaIds: movedIds });
      const now = await findMediaForAccount(tx, { accountId, mediaIds: movedIds });
      const changed = toMove.filter((m) => now.find((n) => n.media.id === m.id)?.media.collectionId !== m.collectionId);
      if (changed.length > 0) throw new AppError("not_found", "Media were deleted or moved meanwhile; nothing was moved.", { media_ids: changed.map((m) => m.id) });
      await assertNoConflicts(toMove, target.id, tx);
      await moveMediaRows(tx, { accountId, mediaIds: movedIds, toCollectionRowId: target.id });
    });
  } catch (error) {
    await deleteVectorsOfMedia({ collectionRowId: target.id, mediaIds: movedIds }).catch((e: unknown) => console.error("[tessera] move: removing copied vectors failed", e));
    throw error;
  }
  for (const [sourceId, group] of bySource) {
    await deleteVectorsOfMedia({ collectionRowId: sourceId, mediaIds: group }).catch((e: unknown) =>
      console.error(`[tessera] move: stale vectors left in collection ${sourceId} for ${group.join(",")}`, e),
    );
  }
  return {
    success: true,
    data: { collection_id: name, created: !existing, moved: movedIds.length, moved_ids: movedIds, already_in_collection: already, vectors_moved: vectorsMoved },
  };
}

/** media_collection_checksum_unique: one copy of a content (bytes and type) per collection, moved ones included. */
async function assertNoConflicts(toMove: MediaRow[], targetRowId: string | undefined, db: Parameters<typeof findMediaByChecksums>[0] = getDb()) {
  const conflicts: Array<{ media_id: string; checksum: string; conflicts_with: string }> = [];
  const seen = new Map<string, string>();
  const key = (m: { checksum: string; extension: string }) => `${m.checksum}${m.extension}`;
  for (const m of toMove) {
    const first = seen.get(key(m));
    if (first) conflicts.push({ media_id: m.id, checksum: m.checksum, conflicts_with: first });
    else seen.set(key(m), m.id);
  }
  if (targetRowId) {
    const present = await findMediaByChecksums(db, { collectionRowId: targetRowId, checksums: toMove.map((m) => m.checksum) });
    for (const p of present) {
      for (const m of toMove.filter((t) => key(t) === key(p) && t.id !== p.id)) conflicts.push({ media_id: m.id, checksum: m.checksum, conflicts_with: p.id });
    }
  }
  if (conflicts.length > 0) {
    throw new AppError("validation_error", "The target collection would hold the same content twice; nothing was moved.", { conflicts });
  }
}

type CollectionRow = NonNullable<Awaited<ReturnType<typeof getCollectionByRowId>>>;

/**
 * Vectors are copied as they are, so the target and every source must agree on the model of
 * each space (text, and visual for pictures): a vector of one model is noise in another's index.
 */
function assertOneModelPerSpace(involved: Array<CollectionRow | null | undefined>) {
  const spaces = [
    ["text", (c: CollectionRow) => c.textModel],
    ["visual", (c: CollectionRow) => c.visualModel],
  ] as const;
  for (const [space, modelOf] of spaces) {
    const models = [...new Set(involved.map((c) => c && modelOf(c)).filter((m): m is string => Boolean(m)))];
    if (models.length > 1) {
      throw new AppError("validation_error", `The media and the target collection use different ${space} embedding models (${models.join(", ")}); nothing was moved.`, { space, models });
    }
  }
}

async function sourceCollections(toMove: MediaRow[]) {
  const rows = await Promise.all([...new Set(toMove.map((m) => m.collectionId))].map((id) => getCollectionByRowId(getDb(), { id })));
  return rows.filter((r) => r !== null);
}

function groupBySource(toMove: MediaRow[]): Map<string, string[]> {
  const groups = new Map<string, string[]>();
  for (const m of toMove) groups.set(m.collectionId, [...(groups.get(m.collectionId) ?? []), m.id]);
  return groups;
}
