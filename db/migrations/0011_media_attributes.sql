ALTER TABLE "media" ADD COLUMN "attributes" jsonb DEFAULT '{}'::jsonb NOT NULL;--> statement-breakpoint
ALTER TABLE "media" ADD COLUMN "external_id" text;--> statement-breakpoint
ALTER TABLE "media" ADD COLUMN "superseded" boolean DEFAULT false NOT NULL;--> statement-breakpoint
CREATE INDEX "media_external_id_idx" ON "media" USING btree ("account_id","external_id") WHERE "media"."external_id" is not null;--> statement-breakpoint
CREATE INDEX "media_collection_filename_idx" ON "media" USING btree ("collection_id","filename","revision");--> statement-breakpoint
CREATE INDEX "media_superseded_idx" ON "media" USING btree ("collection_id") WHERE "media"."superseded";--> statement-breakpoint
-- media.superseded: the revision rule of search, kept in the database. Every change of a media's
-- status, collection, filename or revision (and every insert and delete) recomputes the flags of
-- its (collection, filename) group, in the same transaction. The advisory lock serialises two
-- transactions finishing revisions of one name, so the second sees the first's commit; names
-- share 64 lock keys, so a transaction touching many names holds at most 64 locks (one per name
-- ran out of shared memory at 100,000 names). A collection being deleted has nothing to refresh.
CREATE FUNCTION "media_refresh_superseded"(c text, f text) RETURNS void LANGUAGE plpgsql AS $$
BEGIN
  IF NOT EXISTS (SELECT 1 FROM "collections" WHERE "id" = c) THEN RETURN; END IF;
  PERFORM pg_advisory_xact_lock(hashtext('media_revisions'), abs(hashtext(c || '/' || f) % 64));
  UPDATE "media" m SET "superseded" = m."revision" < latest.revision
  FROM (SELECT coalesce(max(r."revision"), 0) AS revision FROM "media" r WHERE r."collection_id" = c AND r."filename" = f AND r."status" = 'ready') latest
  WHERE m."collection_id" = c AND m."filename" = f AND m."superseded" IS DISTINCT FROM (m."revision" < latest.revision);
END $$;
--> statement-breakpoint
CREATE FUNCTION "media_superseded_trigger"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP IN ('UPDATE', 'DELETE') THEN PERFORM "media_refresh_superseded"(OLD."collection_id", OLD."filename"); END IF;
  IF TG_OP IN ('INSERT', 'UPDATE') THEN PERFORM "media_refresh_superseded"(NEW."collection_id", NEW."filename"); END IF;
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE TRIGGER "media_superseded" AFTER INSERT OR DELETE OR UPDATE OF "status", "collection_id", "filename", "revision" ON "media"
  FOR EACH ROW EXECUTE FUNCTION "media_superseded_trigger"();
--> statement-breakpoint
UPDATE "media" m SET "superseded" = true WHERE EXISTS (SELECT 1 FROM "media" newer WHERE newer."collection_id" = m."collection_id" AND newer."filename" = m."filename" AND newer."status" = 'ready' AND newer."revision" > m."revision");
--> statement-breakpoint
-- Attributes before this migration were the batch's metadata: every media takes its batch's.
UPDATE "media" m SET "attributes" = b."options" -> 'metadata' FROM "batches" b WHERE b."id" = m."batch_id" AND jsonb_typeof(b."options" -> 'metadata') = 'object';
