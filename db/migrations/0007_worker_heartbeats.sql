CREATE TABLE "worker_heartbeats" (
	"worker_id" text PRIMARY KEY NOT NULL,
	"job_worker_ids" text[] NOT NULL,
	"heartbeat_at" timestamp with time zone DEFAULT now() NOT NULL
);
