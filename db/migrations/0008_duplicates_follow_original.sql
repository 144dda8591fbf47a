DROP INDEX "media_collection_checksum_unique";--> statement-breakpoint
ALTER TABLE "batch_items" ADD COLUMN "duplicate_of" text;--> statement-breakpoint
CREATE INDEX "batch_items_duplicate_of_idx" ON "batch_items" USING btree ("duplicate_of") WHERE "batch_items"."status" = 'queued';--> statement-breakpoint
CREATE UNIQUE INDEX "media_collection_checksum_unique" ON "media" USING btree ("collection_id","checksum","extension");