import { index, integer, pgTable, primaryKey, text, timestamp } from "drizzle-orm/pg-core";

/**
 * Fixed-window request counters, one row per (key, hour). Kept in PostgreSQL, not in process
 * memory, so every app instance counts against the same limit.
 */
export const rateLimitWindows = pgTable(
  "rate_limit_windows",
  {
    keyId: text("key_id").notNull(),
    windowStart: timestamp("window_start", { withTimezone: true }).notNull(),
    count: integer("count").notNull().default(0),
  },
  (t) => [primaryKey({ columns: [t.keyId, t.windowStart] }), index("rate_limit_windows_start_idx").on(t.windowStart)],
);
