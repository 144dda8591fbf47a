-- BM25 postings (db/queries/search.ts): one row per (collection, lexeme, chunk) with the term's
-- frequency in the chunk and the chunk's length. The primary key INCLUDEs both, so scoring a query
-- term is an index-only range scan of its postings, not a read of every candidate's tsvector.
CREATE TABLE "chunk_terms" (
	"collection_id" text NOT NULL,
	"term" text NOT NULL,
	"chunk_id" bigint NOT NULL,
	"tf" integer NOT NULL,
	"token_count" integer NOT NULL,
	CONSTRAINT "chunk_terms_collection_id_term_chunk_id_pk" PRIMARY KEY("collection_id","term","chunk_id") INCLUDE ("tf", "token_count")
);--> statement-breakpoint
-- Postings follow every insert, delete (cascades from media and collection deletes included) and
-- move of chunks inside the statement that makes it, like the statistics of 0006. Deletes go
-- through the primary key (the old chunk's lexemes name its rows), so no second index is needed.
CREATE FUNCTION "chunks_bm25_postings"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP IN ('DELETE', 'UPDATE') THEN
    DELETE FROM chunk_terms t
      USING old_chunks o, unnest(o.tsv) AS u
      WHERE t.collection_id = o.collection_id AND t.term = u.lexeme AND t.chunk_id = o.id;
  END IF;
  IF TG_OP IN ('INSERT', 'UPDATE') THEN
    INSERT INTO chunk_terms (collection_id, term, chunk_id, tf, token_count)
      SELECT n.collection_id, u.lexeme, n.id, cardinality(u.positions), n.token_count
      FROM new_chunks n, unnest(n.tsv) AS u ORDER BY 1, 2, 3;
  END IF;
  RETURN NULL;
END
$$;--> statement-breakpoint
CREATE TRIGGER "chunks_bm25_postings_insert" AFTER INSERT ON "chunks" REFERENCING NEW TABLE AS new_chunks FOR EACH STATEMENT EXECUTE FUNCTION "chunks_bm25_postings"();--> statement-breakpoint
CREATE TRIGGER "chunks_bm25_postings_delete" AFTER DELETE ON "chunks" REFERENCING OLD TABLE AS old_chunks FOR EACH STATEMENT EXECUTE FUNCTION "chunks_bm25_postings"();--> statement-breakpoint
CREATE TRIGGER "chunks_bm25_postings_update" AFTER UPDATE ON "chunks" REFERENCING OLD TABLE AS old_chunks NEW TABLE AS new_chunks FOR EACH STATEMENT EXECUTE FUNCTION "chunks_bm25_postings"();--> statement-breakpoint
INSERT INTO "chunk_terms" ("collection_id", "term", "chunk_id", "tf", "token_count")
  SELECT c."collection_id", u.lexeme, c."id", cardinality(u.positions), c."token_count" FROM "chunks" c, unnest(c."tsv") AS u ORDER BY 1, 2, 3;
