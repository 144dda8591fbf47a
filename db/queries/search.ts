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
 * is chunks.token_count against the collections' average. Candidates are the chunks holding any
 * term (the GIN index); only the top `limit` get a headline. An empty or all-stopword query
 * matches nothing.
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
  const conditions: SQL[] = [sql`c.account_id = ${accountId}`, sql`c.collection_id in ${collectionRowIds}`, sql`m.status = 'ready'`, sql`c.tsv @@ q.query`];
  if (filters.mediaTypes?.length) conditions.push(sql`m.media_type in ${filters.mediaTypes}`);
  if (filters.createdAfter) conditions.push(sql`m.created_at > ${filters.createdAfter.toISOString()}`);
  if (filters.condition) conditions.push(filters.condition);
  const k1 = sql`${bm25.k1}::float8`;
  const b = sql`${bm25.b}::float8`;
  const rows = await db.execute<RankedRow>(sql`
    with stats as (
      select sum(chunk_count)::float8 as n, sum(token_total)::float8 / nullif(sum(chunk_count), 0) as avgdl
      from collection_text_stats where collection_id in ${collectionRowIds}
    ),
    terms as (
      select t.term, ln(1 + (stats.n - t.df + 0.5) / (t.df + 0.5)) as idf
      from (
        select s.term, sum(s.chunk_count)::float8 as df from collection_term_stats s
        where s.collection_id in ${collectionRowIds} and s.term in (select lexeme from unnest(to_tsvector('english', ${query})))
        group by s.term
      ) t, stats
      where t.df > 0
    ),
    q as (
      -- The terms as an OR query: each lexeme quoted, so no character in it is tsquery syntax.
      select string_agg('''' || replace(replace(term, chr(92), chr(92) || chr(92)), '''', '''''') || '''', ' | ')::tsquery as query, array_agg(term) as lexemes
      from terms
    ),
    top as (
      select c.media_id, c.chunk_index, c.text, c.page, c.label, c.start_s, c.end_s, q.query,
        -- tf: positions of each query lexeme, read from the chunk's tsvector cut down to those lexemes.
        (select sum(terms.idf * cardinality(u.positions) * (${k1} + 1)
                / (cardinality(u.positions) + ${k1} * (1 - ${b} + ${b} * c.token_count / stats.avgdl)))
         from unnest(ts_filter(setweight(c.tsv, 'A', q.lexemes), '{a}')) u join terms on terms.term = u.lexeme) as rank
      from chunks c join media m on m.id = c.media_id, q, stats
      where ${sql.join(conditions, sql` and `)}
      order by rank desc
      limit ${limit}
    )
    select media_id, chunk_index, text, page, label, start_s, end_s, rank,
      ts_headline('english', text, query, 'MaxFragments=1, MaxWords=30, MinWords=12, StartSel=<mark>, StopSel=</mark>') as highlight
    from top order by rank desc`);
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
