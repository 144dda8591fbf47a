import { sql } from "drizzle-orm";
import { bigserial, index, integer, jsonb, pgTable, text, timestamp, uniqueIndex } from "drizzle-orm/pg-core";

// Re-exported by index.ts. No foreign keys: these rows are an audit trail and an outbox,
// read by batch id, and must not block deleting an account's data.

/**
 * One row per delivery attempt of a webhook event. `event_id` is the same on every attempt
 * of one event to one URL (it is also sent as `Tessera-Event-Id`), so a receiver can
 * deduplicate and an operator can read the whole retry history.
 */
export const webhookDeliveries = pgTable(
  "webhook_deliveries",
  {
    id: bigserial("id", { mode: "number" }).primaryKey(),
    eventId: text("event_id").notNull(),
    eventType: text("event_type").notNull(),
    accountId: text("account_id").notNull(),
    batchId: text("batch_id").notNull(),
    url: text("url").notNull(),
    attempt: integer("attempt").notNull(),
    /** Null when no HTTP response arrived (refused, DNS failure, timeout, connection error). */
    statusCode: integer("status_code"),
    error: text("error"),
    durationMs: integer("duration_ms").notNull(),
    startedAt: timestamp("started_at", { withTimezone: true }).notNull(),
    finishedAt: timestamp("finished_at", { withTimezone: true }).notNull().defaultNow(),
    /** When the next attempt is due; null when this attempt was the last one. */
    nextAttemptAt: timestamp("next_attempt_at", { withTimezone: true }),
  },
  (t) => [index("webhook_deliveries_batch_idx").on(t.batchId, t.id), uniqueIndex("webhook_deliveries_event_attempt_unique").on(t.eventId, t.attempt)],
);

/**
 * Transactional outbox for the Inngest driver: events written in the same transaction as the
 * state they announce (a batch created, a batch closed), sent after commit, and re-sent by a
 * sweep until `sent_at` is set. Inngest deduplicates by event id, so re-sending is safe.
 */
export const jobOutbox = pgTable(
  "job_outbox",
  {
    id: bigserial("id", { mode: "number" }).primaryKey(),
    eventId: text("event_id").notNull(),
    name: text("name").notNull(),
    batchId: text("batch_id").notNull(),
    data: jsonb("data").$type<Record<string, unknown>>().notNull(),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    sentAt: timestamp("sent_at", { withTimezone: true }),
  },
  (t) => [uniqueIndex("job_outbox_event_unique").on(t.eventId), index("job_outbox_unsent_idx").on(t.createdAt).where(sql`${t.sentAt} is null`)],
);
