import { and, desc, eq, ne, sql } from "drizzle-orm";
import type { DbOrTx, Tx } from "../client";
import { stripeCheckoutSessions } from "../schema";

export type CheckoutSessionRow = typeof stripeCheckoutSessions.$inferSelect;

export async function insertCheckoutSession(
  db: DbOrTx,
  { id, accountId, amountMicros, currency, createdByUserId }: { id: string; accountId: string; amountMicros: number; currency: string; createdByUserId?: string | null },
): Promise<CheckoutSessionRow> {
  const [row] = await db
    .insert(stripeCheckoutSessions)
    .values({ id, accountId, amountMicros, currency, createdByUserId: createdByUserId ?? null })
    .returning();
  return row!;
}

/** Locks the session row for the rest of the transaction: deliveries of one session's events run one at a time. */
export async function lockCheckoutSession(tx: Tx, { id }: { id: string }): Promise<CheckoutSessionRow | null> {
  const [row] = await tx.select().from(stripeCheckoutSessions).where(eq(stripeCheckoutSessions.id, id)).for("update");
  return row ?? null;
}

export async function markCheckoutSessionCredited(tx: Tx, { id, ledgerEntryId }: { id: string; ledgerEntryId: number }) {
  await tx
    .update(stripeCheckoutSessions)
    .set({ status: "credited", ledgerEntryId, creditedAt: sql`now()` })
    .where(eq(stripeCheckoutSessions.id, id));
}

/** Expires an open session; a credited one stays credited, whatever order the events arrive in. */
export async function markCheckoutSessionExpired(db: DbOrTx, { id }: { id: string }): Promise<CheckoutSessionRow | null> {
  const [row] = await db
    .update(stripeCheckoutSessions)
    .set({ status: "expired" })
    .where(and(eq(stripeCheckoutSessions.id, id), ne(stripeCheckoutSessions.status, "credited")))
    .returning();
  return row ?? null;
}

export async function getCheckoutSession(db: DbOrTx, { id }: { id: string }): Promise<CheckoutSessionRow | null> {
  const [row] = await db.select().from(stripeCheckoutSessions).where(eq(stripeCheckoutSessions.id, id));
  return row ?? null;
}

/** An account's top-ups, newest first (the console's billing page). */
export async function listCheckoutSessions(db: DbOrTx, { accountId, limit = 20 }: { accountId: string; limit?: number }) {
  return db
    .select()
    .from(stripeCheckoutSessions)
    .where(eq(stripeCheckoutSessions.accountId, accountId))
    .orderBy(desc(stripeCheckoutSessions.createdAt))
    .limit(limit);
}
