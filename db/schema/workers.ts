import { pgTable, text, timestamp } from "drizzle-orm/pg-core";

/**
 * One row per running worker process, with the graphile-worker ids it fetches jobs under. The
 * row's heartbeat tells the sweeper which job locks belong to a dead process (graphile-worker
 * itself would keep them locked for hours).
 */
export const workerHeartbeats = pgTable("worker_heartbeats", {
  workerId: text("worker_id").primaryKey(),
  jobWorkerIds: text("job_worker_ids").array().notNull(),
  heartbeatAt: timestamp("heartbeat_at", { withTimezone: true }).notNull().defaultNow(),
});
