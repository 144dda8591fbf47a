CREATE TABLE "job_outbox" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"event_id" text NOT NULL,
	"name" text NOT NULL,
	"batch_id" text NOT NULL,
	"data" jsonb NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"sent_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "webhook_deliveries" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"event_id" text NOT NULL,
	"event_type" text NOT NULL,
	"account_id" text NOT NULL,
	"batch_id" text NOT NULL,
	"url" text NOT NULL,
	"attempt" integer NOT NULL,
	"status_code" integer,
	"error" text,
	"duration_ms" integer NOT NULL,
	"started_at" timestamp with time zone NOT NULL,
	"finished_at" timestamp with time zone DEFAULT now() NOT NULL,
	"next_attempt_at" timestamp with time zone
);
--> statement-breakpoint
ALTER TABLE "accounts" ADD COLUMN "webhook_url" text;--> statement-breakpoint
ALTER TABLE "accounts" ADD COLUMN "webhook_secret" text;--> statement-breakpoint
CREATE UNIQUE INDEX "job_outbox_event_unique" ON "job_outbox" USING btree ("event_id");--> statement-breakpoint
CREATE INDEX "job_outbox_unsent_idx" ON "job_outbox" USING btree ("created_at") WHERE "job_outbox"."sent_at" is null;--> statement-breakpoint
CREATE INDEX "webhook_deliveries_batch_idx" ON "webhook_deliveries" USING btree ("batch_id","id");--> statement-breakpoint
CREATE UNIQUE INDEX "webhook_deliveries_event_attempt_unique" ON "webhook_deliveries" USING btree ("event_id","attempt");