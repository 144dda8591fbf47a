import { sql, type SQL } from "drizzle-orm";
import type { DbOrTx } from "../client";

export interface LexicalFilters {
  mediaTypes?: string[];
  createdAfter?: Date;
  metadata?: Record<string, string | number | boolean>;
}

export interface LexicalHit {
  mediaId: string;
  chunkIndex: number;
  text: string;
  page: number | null;
  label: string | null;
  startS: number | null;
  endS: number | null;
  rank: number;
  highlight: string;
}

/**
 * Postgres full-text search over stored chunks: English stems plus exact words, ranked by
 * cover density. Headlines are computed only for the rows returned. An empty or all-stopword
 * query matches nothing.
 */
export async function lexicalSearch(
  db: DbOrTx,
  { accountId, collectionRowIds, query, limit, filters }: { accountId: string; collectionRowIds: string[]; query: string; limit: number; filters: LexicalFilters },
): Promise<LexicalHit[]> {
  if (collectionRowIds.length === 0) return [];
  const conditions: SQL[] = [
    sql`c.account_id = ${accountId}`,
    sql`c.collection_id in ${collectionRowIds}`,
    sql`m.status = 'ready'`,
    sql`c.tsv @@ q.query`,
  ];
  if (filters.mediaTypes?.length) conditions.push(sql`m.media_type in ${filters.mediaTypes}`);
  if (filters.createdAfter) conditions.push(sql`m.created_at > ${filters.createdAfter.toISOString()}`);
  if (filters.metadata && Object.keys(filters.metadata).length) {
    conditions.push(sql`exists (select 1 from batches b where b.id = m.batch_id and b.options -> 'metadata' @> ${JSON.stringify(filters.metadata)}::jsonb)`);
  }
  // Chunks with every word of the query first (fast: few match); only when they are too few,
  // chunks with any meaningful (stemmed, non-stop) word, ranked by cover density. The loose
  // query matches much of a large collection, so it only runs when it is needed.
  const strict = sql`websearch_to_tsquery('english', ${query}) || websearch_to_tsquery('simple', ${query})`;
  const loose = sql`replace(plainto_tsquery('english', ${query})::text, '&', '|')::tsquery || websearch_to_tsquery('simple', ${query})`;
  const rows = await rankedChunks(db, { conditions, tsquery: strict, limit });
  if (rows.length < limit) {
    const seen = new Set(rows.map((r) => `${r.media_id}:${r.chunk_index}`));
    for (const row of await rankedChunks(db, { conditions, tsquery: loose, limit })) {
      if (rows.length >= limit) break;
      if (!seen.has(`${row.media_id}:${row.chunk_index}`)) rows.push(row);
    }
  }
  return rows.map((r) => ({
    mediaId: r.media_id,
    chunkIndex: r.chunk_index,
    text: r.text,
    page: r.page,
    label: r.label,
    startS: r.start_s,
    endS: r.end_s,
    rank: Number(r.rank),
    highlight: r.highlight,
  }));
}

type RankedRow = {
  media_id: string;
  chunk_index: number;
  text: string;
  page: number | null;
  label: string | null;
  start_s: number | null;
  end_s: number | null;
  rank: number;
  highlight: string;
};

async function rankedChunks(db: DbOrTx, { conditions, tsquery, limit }: { conditions: SQL[]; tsquery: SQL; limit: number }): Promise<RankedRow[]> {
  const rows = await db.execute<RankedRow>(sql`
    with q as (select ${tsquery} as query),
    top as (
      select c.media_id, c.chunk_index, c.text, c.page, c.label, c.start_s, c.end_s, ts_rank_cd(c.tsv, q.query) as rank, q.query
      from chunks c join media m on m.id = c.media_id, q
      where ${sql.join(conditions, sql` and `)}
      order by rank desc
      limit ${limit}
    )
    select media_id, chunk_index, text, page, label, start_s, end_s, rank,
      ts_headline('english', text, query, 'MaxFragments=1, MaxWords=30, MinWords=12, StartSel=<mark>, StopSel=</mark>') as highlight
    from top order by rank desc`);
  return [...rows];
}

export async function getMediaSummaries(db: DbOrTx, { accountId, mediaIds }: { accountId: string; mediaIds: string[] }) {
  if (mediaIds.length === 0) return new Map<string, { filename: string; mediaType: string; collection: string; createdAt: Date }>();
  const rows = await db.execute<{ id: string; filename: string; media_type: string; collection: string; created_at: string }>(sql`
    select m.id, m.filename, m.media_type, col.name as collection, m.created_at
    from media m join collections col on col.id = m.collection_id
    where m.account_id = ${accountId} and m.id in ${mediaIds} and m.status = 'ready'`);
  return new Map(rows.map((r) => [r.id, { filename: r.filename, mediaType: r.media_type, collection: r.collection, createdAt: new Date(r.created_at) }]));
}
