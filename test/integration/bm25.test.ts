import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sql } from "drizzle-orm";
import { getDb } from "@/db/client";
import { moveMedia } from "@/lib/collections/move-media";
import { startPostgresWorker, type RunningWorker } from "@/lib/jobs/postgres-worker";
import { deleteMedia } from "@/lib/media/delete-media";
import { searchMedia } from "@/lib/search/search-media";
import { itemsOf, newAccount, postBatch, waitForBatch } from "./helpers";

let worker: RunningWorker;
let owner: { accountId: string; apiKey: string };
const ids: Record<string, string> = {};

// "cancer" is in every document, "yap1" in one: BM25 must rank by the rare word.
const DOCS: Record<string, string> = {
  "common.txt": "Cancer cancer cancer. Cancer screening and cancer care: cancer everywhere in this report on cancer.",
  "rare.txt": "The YAP1 pathway in one cancer study.",
  "other.txt": "A report on cancer registries and cancer statistics across regions.",
  "code.txt": "Replacement part HX-7731 fits the pump housing of the older cancer ward boiler.",
};

beforeAll(async () => {
  worker = await startPostgresWorker({ concurrency: 2 });
  owner = await newAccount({ credit: 5 });
  const batch = await postBatch({ apiKey: owner.apiKey, files: Object.entries(DOCS).map(([name, content]) => ({ name, content })), fields: { collection_id: "bm25" } });
  await waitForBatch(owner.accountId, batch.body.data.batch_id);
  for (const item of await itemsOf(batch.body.data.batch_id)) ids[item.filename] = item.mediaId!;
});

afterAll(async () => {
  await worker.stop();
});

/** The statistics and postings recomputed from the chunks themselves, against what the triggers kept. */
async function statsDrift() {
  const rows = await getDb().execute<{ drift: number }>(sql`
    with truth as (
      select c.collection_id, l.term, count(*)::int as n from chunks c, unnest(tsvector_to_array(c.tsv)) l(term) group by 1, 2
    ), kept as (select collection_id, term, chunk_count as n from collection_term_stats where chunk_count <> 0),
    totals as (select collection_id, count(*)::bigint as n, sum(token_count)::bigint as t from chunks group by 1),
    kept_totals as (select collection_id, chunk_count as n, token_total as t from collection_text_stats where chunk_count <> 0),
    postings as (select c.collection_id, u.lexeme as term, c.id as chunk_id, cardinality(u.positions) as tf, c.token_count from chunks c, unnest(c.tsv) u),
    kept_postings as (select collection_id, term, chunk_id, tf, token_count from chunk_terms)
    select ((select count(*) from (select * from truth except select * from kept) a)
      + (select count(*) from (select * from kept except select * from truth) b)
      + (select count(*) from (select * from totals except select * from kept_totals) c)
      + (select count(*) from (select * from kept_totals except select * from totals) d)
      + (select count(*) from (select * from postings except select * from kept_postings) e)
      + (select count(*) from (select * from kept_postings except select * from postings) f))::int as drift`);
  return rows[0]!.drift;
}

/** BM25 of one chunk for a query, computed here from the chunks table, as the reference. */
async function expectedBm25(mediaId: string, query: string, { k1 = 1.2, b = 0.75 } = {}) {
  const [row] = await getDb().execute<{ score: number }>(sql`
    with col as (select collection_id from media where id = ${mediaId}),
    docs as (select c.* from chunks c where c.collection_id = (select collection_id from col)),
    n as (select count(*)::float8 as n, avg(token_count)::float8 as avgdl from docs),
    qt as (select distinct lexeme as term from unnest(to_tsvector('english', ${query}))),
    df as (select qt.term, count(d.id)::float8 as df from qt left join docs d on d.tsv @@ qt.term::tsquery group by qt.term),
    target as (select * from docs where media_id = ${mediaId} order by chunk_index desc limit 1)
    select sum(ln(1 + (n.n - df.df + 0.5) / (df.df + 0.5)) * u.tf * (${k1}::float8 + 1) / (u.tf + ${k1}::float8 * (1 - ${b}::float8 + ${b}::float8 * t.token_count / n.avgdl)))::float8 as score
    from target t, n, df, lateral (select cardinality(x.positions) as tf from unnest(t.tsv) x where x.lexeme = df.term) u`);
  return Number(row!.score);
}

const search = (query: string) => searchMedia({ accountId: owner.accountId, request: { query, collections: "bm25", max_results: 10, lexical_weight: 1 } });

describe("full-text search ranks with BM25", () => {
  it("weighs a rare word above a frequent one (inverse document frequency)", async () => {
    // No document holds "tumour": every one matches on some words, and the one with the rare word wins.
    const { results } = await search("yap1 cancer tumour");
    expect(results[0]!.filename).toBe("rare.txt");
    expect(results.map((r) => r.filename)).toContain("common.txt");
  });

  it("scores each result exactly as BM25 over the collection's chunks (k1 1.2, b 0.75), each word counted once", async () => {
    for (const query of ["yap1 cancer", "cancer report", "HX-7731"]) {
      const { results } = await search(query);
      expect(results.length).toBeGreaterThan(0);
      for (const r of results) expect(r.lexical_score).toBeCloseTo(await expectedBm25(r.media_id, query), 3);
    }
  });

  it("finds a code like HX-7731 by its exact token", async () => {
    const { results } = await search("HX-7731");
    expect(results.map((r) => r.filename)).toEqual(["code.txt"]);
    expect(results[0]!.highlight).toContain("<mark>");
  });

  it("matches nothing for an all-stopword query", async () => {
    expect((await search("the of and")).results).toEqual([]);
  });
});

describe("BM25 term statistics and postings", () => {
  it("follow chunks as they are written, moved between collections and deleted", async () => {
    expect(await statsDrift()).toBe(0);
    await moveMedia({ accountId: owner.accountId, name: "bm25-moved", mediaIds: [ids["other.txt"]!] });
    expect(await statsDrift()).toBe(0);
    await deleteMedia({ accountId: owner.accountId, mediaId: ids["common.txt"]! });
    expect(await statsDrift()).toBe(0);
    const { results } = await search("cancer");
    expect(results.map((r) => r.filename).sort()).toEqual(["code.txt", "rare.txt"]);
    for (const r of results) expect(r.lexical_score).toBeCloseTo(await expectedBm25(r.media_id, "cancer"), 3);
  });
});
