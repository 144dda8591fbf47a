ALTER TABLE "media" ADD COLUMN "attributes" jsonb DEFAULT '{}'::jsonb NOT NULL;--> statement-breakpoint
ALTER TABLE "media" ADD COLUMN "external_id" text;--> statement-breakpoint
CREATE INDEX "media_external_id_idx" ON "media" USING btree ("account_id","external_id") WHERE "media"."external_id" is not null;--> statement-breakpoint
CREATE INDEX "media_collection_filename_idx" ON "media" USING btree ("collection_id","filename","revision");--> statement-breakpoint
-- Attributes before this migration were the batch's metadata: every media takes its batch's.
UPDATE "media" m SET "attributes" = b."options" -> 'metadata' FROM "batches" b WHERE b."id" = m."batch_id" AND jsonb_typeof(b."options" -> 'metadata') = 'object';
