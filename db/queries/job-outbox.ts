import { and, asc, eq, inArray, isNull, lt, sql } from "drizzle-orm";
import type { DbOrTx } from "../client";
import { jobOutbox } from "../schema";

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
