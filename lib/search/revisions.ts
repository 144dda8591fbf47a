import { sql } from "drizzle-orm";
import { getDb } from "@/db/client";
import { supersededMediaIds } from "@/db/queries/media";
import type { NormalisedFilters } from "./vector-search";

/**
 * Revisions in search: a media is superseded when its collection holds a ready media of the
 * same filename with a higher revision. By default both sides of search leave superseded media
 * out; include_previous_revisions brings them back. Their vectors and chunks stay (that is
 * what brings them back), until the media itself is deleted; deleting the latest revision makes
 * the one before it the latest again, at once, since nothing is rewritten.
 *
 * The rule lives in the database: `media.superseded`, kept by a trigger (migration 0011) in the
 * transaction that makes a revision ready, deletes or moves one. The full-text side reads it per
 * row; the vector side gets the superseded ids of each collection as `media_id $nin` (Chroma
 * cannot join), read just before the query.
 */
export async function withRevisions(
  filters: NormalisedFilters,
  collections: ReadonlyArray<{ id: string }>,
  includePrevious: boolean | undefined,
): Promise<NormalisedFilters> {
  if (includePrevious || collections.length === 0) return filters;
  const superseded = await supersededMediaIds(getDb(), { collectionRowIds: collections.map((c) => c.id) });
  return { ...filters, latestRevisionsOnly: true, supersededByCollection: superseded };
}

/** The full-text side's form of the rule, over `m` (the media row in db/queries/search.ts). */
export const LATEST_REVISION_SQL = sql`not m.superseded`;
