import { and, asc, eq, inArray, isNull, lt, sql } from "drizzle-orm";
import type { DbOrTx } from "../client";
import { accounts, batches, jobOutbox, webhookDeliveries } from "../schema";

/** Where a closed batch's webhook goes: its own callback_url and the account's endpoint. */
export async function getWebhookTargets(db: DbOrTx, { batchId }: { batchId: string }) {
  const [row] = await db
    .select({ accountId: batches.accountId, callbackUrl: sql<string | null>`${batches.options}->>'callback_url'`, accountUrl: accounts.webhookUrl })
    .from(batches)
    .innerJoin(accounts, eq(accounts.id, batches.accountId))
    .where(eq(batches.id, batchId));
  return row ?? null;
}

/** The account's signing secret, created on first need; concurrent callers get the same one. */
export async function ensureWebhookSecret(db: DbOrTx, { accountId, candidate }: { accountId: string; candidate: string }) {
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

export type OutboxEvent = { eventId: string; name: string; batchId: string; data: Record<string, unknown> };

export async function insertOutboxEvents(db: DbOrTx, events: OutboxEvent[]) {
  if (events.length) await db.insert(jobOutbox).values(events).onConflictDoNothing();
}

/** Unsent events, oldest first; `olderThanSeconds` leaves fresh ones to the request that wrote them. */
export async function listUnsentOutbox(db: DbOrTx, { batchId, olderThanSeconds = 0, limit = 100 }: { batchId?: string; olderThanSeconds?: number; limit?: number }) {
  return db
    .select()
    .from(jobOutbox)
    .where(
      and(
        isNull(jobOutbox.sentAt),
        batchId ? eq(jobOutbox.batchId, batchId) : undefined,
        olderThanSeconds > 0 ? lt(jobOutbox.createdAt, sql`now() - make_interval(secs => ${olderThanSeconds})`) : undefined,
      ),
    )
    .orderBy(asc(jobOutbox.id))
    .limit(limit);
}

export async function markOutboxSent(db: DbOrTx, { ids }: { ids: number[] }) {
  if (ids.length) await db.update(jobOutbox).set({ sentAt: sql`now()` }).where(inArray(jobOutbox.id, ids));
}
