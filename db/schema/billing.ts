import { sql } from "drizzle-orm";
import { bigint, check, index, pgTable, text, timestamp } from "drizzle-orm/pg-core";
import { accounts, ledgerEntries } from "./index";

// Re-exported by index.ts.

export const checkoutSessionStatuses = ["open", "credited", "expired"] as const;
export type CheckoutSessionStatus = (typeof checkoutSessionStatuses)[number];

/**
 * Every Stripe Checkout session this Tessera opened. A webhook credits only a session found
 * here, for the account, amount and currency recorded when it was opened, and the row lock
 * serialises concurrent deliveries of the same session's events.
 */
export const stripeCheckoutSessions = pgTable(
  "stripe_checkout_sessions",
  {
    /** Stripe's id (cs_...); also the ledger entry's external_id, so a session credits once. */
    id: text("id").primaryKey(),
    accountId: text("account_id").notNull().references(() => accounts.id, { onDelete: "cascade" }),
    amountMicros: bigint("amount_micros", { mode: "number" }).notNull(),
    currency: text("currency").notNull(),
    status: text("status", { enum: checkoutSessionStatuses }).notNull().default("open"),
    /** The console user who started it; null when started otherwise. Not a foreign key: users come and go. */
    createdByUserId: text("created_by_user_id"),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    creditedAt: timestamp("credited_at", { withTimezone: true }),
    ledgerEntryId: bigint("ledger_entry_id", { mode: "number" }).references(() => ledgerEntries.id),
  },
  (t) => [
    index("stripe_checkout_sessions_account_idx").on(t.accountId, t.createdAt),
    check("stripe_checkout_sessions_amount_positive", sql`${t.amountMicros} > 0`),
  ],
);
