import { asc, eq, sql } from "drizzle-orm";
import type { DbOrTx } from "../client";
import { accounts, batches, webhookDeliveries } from "../schema";

/** Where a closed batch's webhook goes: its own callback_url and the account's endpoint. */
export async function getWebhookTargets(db: DbOrTx, { batchId }: { batchId: string }) {
  const [row] = await db
    .select({ accountId: batches.accountId, callbackUrl: sql<string | null>`${batches.options}->>'callback_url'`, accountUrl: accounts.webhookUrl })
    .from(batches)
    .innerJoin(accounts, eq(accounts.id, batches.accountId))
    .where(eq(batches.id, batchId));
  return row ?? null;
}

/**
 * The account's signing secret, created on first need; concurrent callers get the same one.
 * Read first: the update takes the account row lock, which batch creation holds for its
 * whole transaction (the balance), and a delivery should not wait for that.
 */
export async function ensureWebhookSecret(db: DbOrTx, { accountId, candidate }: { accountId: string; candidate: string }) {
  const [existing] = await db.select({ secret: accounts.webhookSecret }).from(accounts).where(eq(accounts.id, accountId));
  if (!existing) return null;
  if (existing.secret) return existing.secret;
  const [row] = await db
    .update(accounts)
    .set({ webhookSecret: sql`coalesce(${accounts.webhookSecret}, ${candidate})` })
    .where(eq(accounts.id, accountId))
    .returning({ secret: accounts.webhookSecret });
  return row?.secret ?? null;
}

export async function setAccountWebhookUrl(db: DbOrTx, { accountId, url }: { accountId: string; url: string | null }) {
  const rows = await db.update(accounts).set({ webhookUrl: url }).where(eq(accounts.id, accountId)).returning({ id: accounts.id });
  return rows.length > 0;
}

export type NewWebhookDelivery = typeof webhookDeliveries.$inferInsert;

/** Idempotent per (event, attempt): a job re-run after a crash does not record an attempt twice. */
export async function recordWebhookDelivery(db: DbOrTx, row: NewWebhookDelivery) {
  await db.insert(webhookDeliveries).values(row).onConflictDoNothing();
}

export async function listWebhookDeliveries(db: DbOrTx, { batchId }: { batchId: string }) {
  return db.select().from(webhookDeliveries).where(eq(webhookDeliveries.batchId, batchId)).orderBy(asc(webhookDeliveries.id));
}
