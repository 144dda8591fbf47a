CREATE TABLE "collection_term_stats" (
	"collection_id" text NOT NULL,
	"term" text NOT NULL,
	"chunk_count" integer NOT NULL,
	CONSTRAINT "collection_term_stats_collection_id_term_pk" PRIMARY KEY("collection_id","term")
);
--> statement-breakpoint
CREATE TABLE "collection_text_stats" (
	"collection_id" text PRIMARY KEY NOT NULL,
	"chunk_count" bigint DEFAULT 0 NOT NULL,
	"token_total" bigint DEFAULT 0 NOT NULL
);
--> statement-breakpoint
ALTER TABLE "chunks" drop column "tsv";--> statement-breakpoint
ALTER TABLE "chunks" ADD COLUMN "tsv" "tsvector" GENERATED ALWAYS AS (to_tsvector('english', "text")) STORED;--> statement-breakpoint
CREATE INDEX "chunks_tsv_idx" ON "chunks" USING gin ("tsv");--> statement-breakpoint
-- BM25 statistics follow every insert, delete (cascades included) and move of chunks inside the
-- statement that makes it. Terms are upserted in (collection, term) order so that concurrent
-- writers to one collection take the row locks in the same order and cannot deadlock.
CREATE FUNCTION "chunks_bm25_stats"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP IN ('DELETE', 'UPDATE') THEN
    INSERT INTO collection_text_stats AS s (collection_id, chunk_count, token_total)
      SELECT collection_id, -count(*), -sum(token_count) FROM old_chunks GROUP BY 1 ORDER BY 1
      ON CONFLICT (collection_id) DO UPDATE SET chunk_count = s.chunk_count + excluded.chunk_count, token_total = s.token_total + excluded.token_total;
    INSERT INTO collection_term_stats AS t (collection_id, term, chunk_count)
      SELECT o.collection_id, l.term, -count(*) FROM old_chunks o, unnest(tsvector_to_array(o.tsv)) AS l(term) GROUP BY 1, 2 ORDER BY 1, 2
      ON CONFLICT (collection_id, term) DO UPDATE SET chunk_count = t.chunk_count + excluded.chunk_count;
  END IF;
  IF TG_OP IN ('INSERT', 'UPDATE') THEN
    INSERT INTO collection_text_stats AS s (collection_id, chunk_count, token_total)
      SELECT collection_id, count(*), sum(token_count) FROM new_chunks GROUP BY 1 ORDER BY 1
      ON CONFLICT (collection_id) DO UPDATE SET chunk_count = s.chunk_count + excluded.chunk_count, token_total = s.token_total + excluded.token_total;
    INSERT INTO collection_term_stats AS t (collection_id, term, chunk_count)
      SELECT n.collection_id, l.term, count(*) FROM new_chunks n, unnest(tsvector_to_array(n.tsv)) AS l(term) GROUP BY 1, 2 ORDER BY 1, 2
      ON CONFLICT (collection_id, term) DO UPDATE SET chunk_count = t.chunk_count + excluded.chunk_count;
  END IF;
  RETURN NULL;
END
$$;--> statement-breakpoint
CREATE TRIGGER "chunks_bm25_insert" AFTER INSERT ON "chunks" REFERENCING NEW TABLE AS new_chunks FOR EACH STATEMENT EXECUTE FUNCTION "chunks_bm25_stats"();--> statement-breakpoint
CREATE TRIGGER "chunks_bm25_delete" AFTER DELETE ON "chunks" REFERENCING OLD TABLE AS old_chunks FOR EACH STATEMENT EXECUTE FUNCTION "chunks_bm25_stats"();--> statement-breakpoint
CREATE TRIGGER "chunks_bm25_update" AFTER UPDATE ON "chunks" REFERENCING OLD TABLE AS old_chunks NEW TABLE AS new_chunks FOR EACH STATEMENT EXECUTE FUNCTION "chunks_bm25_stats"();--> statement-breakpoint
INSERT INTO "collection_text_stats" ("collection_id", "chunk_count", "token_total")
  SELECT "collection_id", count(*), sum("token_count") FROM "chunks" GROUP BY 1;--> statement-breakpoint
INSERT INTO "collection_term_stats" ("collection_id", "term", "chunk_count")
  SELECT c."collection_id", l.term, count(*) FROM "chunks" c, unnest(tsvector_to_array(c."tsv")) AS l(term) GROUP BY 1, 2;
