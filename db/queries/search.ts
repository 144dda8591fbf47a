import { sql, type SQL } from "drizzle-orm";
import type { DbOrTx } from "../client";

export interface LexicalFilters {
  mediaTypes?: string[];
  createdAfter?: Date;
  /** The filter language's condition over `m` (lib/search/filter-language.ts sqlOf). */
  condition?: SQL;
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

export interface Bm25Parameters {
  k1: number;
  b: number;
}

/**
 * Full-text search over stored chunks, ranked by Okapi BM25 in SQL: the query's English lexemes
 * are the terms; idf = ln(1 + (N - df + 0.5) / (df + 0.5)) from the collections' statistics
 * (collection_text_stats / collection_term_stats, kept by triggers in the transactions that
 * write chunks); tf is the number of positions of the term in the chunk's tsvector; the length
 * is chunks.token_count against the collections' average. tf and length are read from the postings
 * table chunk_terms (migration 0010), so the candidates (every chunk holding any term) are scored
 * from index-only scans; only the top `limit` are read, filtered and given a headline. An empty
 * or all-stopword query matches nothing.
 */
export async function lexicalSearch(
  db: DbOrTx,
  {
    accountId,
    collectionRowIds,
    query,
    limit,
    filters,
    bm25,
  }: { accountId: string; collectionRowIds: string[]; query: string; limit: number; filters: LexicalFilters; bm25: Bm25Parameters },
): Promise<LexicalHit[]> {
  if (collectionRowIds.length === 0) return [];
  const conditions: SQL[] = [sql`c.id = s.chunk_id`, sql`c.account_id = ${accountId}`, sql`m.status = 'ready'`];
  if (filters.mediaTypes?.length) conditions.push(sql`m.media_type in ${filters.mediaTypes}`);
  if (filters.createdAfter) conditions.push(sql`m.created_at > ${filters.createdAfter.toISOString()}`);
  if (filters.condition) conditions.push(filters.condition);
  const k1 = sql`${bm25.k1}::float8`;
  const b = sql`${bm25.b}::float8`;
  const rows = await db.execute<RankedRow>(sql`
    with stats as materialized (
      select sum(chunk_count)::float8 as n, sum(token_total)::float8 / nullif(sum(chunk_count), 0) as avgdl
      from collection_text_stats where collection_id in ${collectionRowIds}
    ),
    terms as materialized (
      select t.term, ln(1 + (stats.n - t.df + 0.5) / (t.df + 0.5)) as idf
      from (
        select s.term, sum(s.chunk_count)::float8 as df from collection_term_stats s
        where s.collection_id in ${collectionRowIds} and s.term in (select lexeme from unnest(to_tsvector('english', ${query})))
        group by s.term
      ) t, stats
      where t.df > 0
    ),
    -- Every chunk holding a query term, scored from the postings alone (index-only scans of
    -- chunk_terms' primary key, which carries tf and length): no chunk row is read here.
    scored as (
      select p.chunk_id, sum(terms.idf * p.tf * (${k1} + 1) / (p.tf + ${k1} * (1 - ${b} + ${b} * p.token_count / stats.avgdl))) as rank
      from terms join chunk_terms p on p.term = terms.term, stats
      where p.collection_id in ${collectionRowIds}
      group by p.chunk_id
    ),
    -- Best first, each chunk then read and filtered one at a time until \`limit\` pass, so the
    -- long tail's chunk and media rows are never touched ("offset 0" keeps it a nested loop).
    top as (
      select c.media_id, c.chunk_index, c.text, c.page, c.label, c.start_s, c.end_s, s.rank
      from (select chunk_id, rank from scored order by rank desc) s
      cross join lateral (
        select c.* from chunks c join media m on m.id = c.media_id where ${sql.join(conditions, sql` and `)} offset 0
      ) c
      order by s.rank desc
      limit ${limit}
    ),
    q as (
      -- The terms as an OR query for the headline: each lexeme quoted, so no character in it is tsquery syntax.
      select string_agg('''' || replace(replace(term, chr(92), chr(92) || chr(92)), '''', '''''') || '''', ' | ')::tsquery as query from terms
    )
    select media_id, chunk_index, text, page, label, start_s, end_s, rank,
      ts_headline('english', text, q.query, 'MaxFragments=1, MaxWords=30, MinWords=12, StartSel=<mark>, StopSel=</mark>') as highlight
    from top, q order by rank desc`);
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

export async function getMediaSummaries(db: DbOrTx, { accountId, mediaIds }: { accountId: string; mediaIds: string[] }) {
  if (mediaIds.length === 0) return new Map<string, { filename: string; mediaType: string; collection: string; createdAt: Date }>();
  const rows = await db.execute<{ id: string; filename: string; media_type: string; collection: string; created_at: string }>(sql`
    select m.id, m.filename, m.media_type, col.name as collection, m.created_at
    from media m join collections col on col.id = m.collection_id
    where m.account_id = ${accountId} and m.id in ${mediaIds} and m.status = 'ready'`);
  return new Map(rows.map((r) => [r.id, { filename: r.filename, mediaType: r.media_type, collection: r.collection, createdAt: new Date(r.created_at) }]));
}
