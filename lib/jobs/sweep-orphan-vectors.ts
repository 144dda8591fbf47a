import { asc, gte, inArray } from "drizzle-orm";
import { getDb } from "@/db/client";
import { collections, media } from "@/db/schema";
import { openIndex, type EmbeddingSpace, type IndexModel } from "@/lib/vectors/chroma";

/** Vectors looked at per run, over all collections: a run stays a few seconds of Chroma reads. */
export const ORPHAN_SCAN_PER_RUN = 20_000;
const PAGE = 1_000;

type CollectionRow = typeof collections.$inferSelect;

function liveModel(row: CollectionRow, space: EmbeddingSpace): IndexModel | null {
  const [provider, model, dimension] =
    space === "text" ? [row.textProvider, row.textModel, row.textDimension] : [row.visualProvider, row.visualModel, row.visualDimension];
  return provider && model && dimension ? { provider, model, dimension } : null;
}

const SPACES = ["text", "visual"] as const;

// Where the last run stopped, so successive runs cover every vector of every collection.
let resume = { collectionId: "", space: 0, offset: 0 };

/**
 * Removes vectors whose media row no longer exists: left by builds before lease fencing, when a
 * displaced run upserted after its item failed and its media row was deleted, and they filled
 * search's top-k. A media row exists from upload until the media is deleted, so an item still
 * in flight never loses its vectors here. Bounded per run; returns how many were removed.
 */
export async function sweepOrphanVectors({ budget = ORPHAN_SCAN_PER_RUN }: { budget?: number } = {}): Promise<number> {
  const db = getDb();
  let removed = 0;
  const rows = await db.select().from(collections).where(gte(collections.id, resume.collectionId)).orderBy(asc(collections.id));
  for (const row of rows) {
    const resumed = row.id === resume.collectionId;
    for (let s = resumed ? resume.space : 0; s < SPACES.length; s++) {
      const space = SPACES[s]!;
      const model = liveModel(row, space);
      if (!model) continue;
      const index = await openIndex({ accountId: row.accountId, collectionRowId: row.id, space, model });
      let offset = resumed && s === resume.space ? resume.offset : 0;
      while (budget > 0) {
        const page = await index.get({ include: ["metadatas"], limit: Math.min(PAGE, budget), offset });
        if (page.ids.length === 0) break;
        budget -= page.ids.length;
        const mediaIds = [...new Set(page.metadatas.map((m) => String(m?.media_id ?? "")))];
        const live = new Set((await db.select({ id: media.id }).from(media).where(inArray(media.id, mediaIds))).map((m) => m.id));
        const orphans = page.ids.filter((_, i) => !live.has(String(page.metadatas[i]?.media_id ?? "")));
        if (orphans.length > 0) await index.delete({ ids: orphans });
        removed += orphans.length;
        // Deleted ids leave the listing: the next page starts that much earlier.
        offset += page.ids.length - orphans.length;
      }
      if (budget <= 0) {
        resume = { collectionId: row.id, space: s, offset };
        return removed;
      }
    }
  }
  resume = { collectionId: "", space: 0, offset: 0 };
  return removed;
}
