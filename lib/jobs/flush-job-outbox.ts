import { getDb } from "@/db/client";
import { listUnsentOutbox, markOutboxSent } from "@/db/queries/job-outbox";
import { jobDriver, type JobDriver } from "@/lib/env";
import type { Inngest } from "inngest";

export interface FlushOptions {
  batchId?: string;
  /** Leave events younger than this to the request that wrote them (the sweep's setting). */
  olderThanSeconds?: number;
  driver?: JobDriver;
  /** The Inngest client to send with; the app's own by default (tests pass one). */
  client?: Inngest.Any;
}

/**
 * Sends the outbox's unsent events to Inngest after their transaction committed, then marks
 * them sent. A failed send leaves them unsent: the sweep function re-sends them within a
 * minute, and Inngest drops a re-sent event with an id it has seen (24 h window), so a send
 * that succeeded but was not marked is harmless. Never throws: the batch already exists.
 */
export async function flushJobOutbox({ batchId, olderThanSeconds = 0, driver = jobDriver(), client }: FlushOptions = {}): Promise<number> {
  if (driver !== "inngest") return 0;
  const db = getDb();
  const rows = await listUnsentOutbox(db, { ...(batchId && { batchId }), olderThanSeconds });
  if (rows.length === 0) return 0;
  try {
    const inngest = client ?? (await import("@/inngest/client")).inngest;
    await inngest.send(rows.map((r) => ({ id: r.eventId, name: r.name, data: r.data })));
  } catch (error) {
    console.error(`[jobs] sending ${rows.length} event(s) to Inngest failed; the sweep will retry: ${error instanceof Error ? error.message : String(error)}`);
    return 0;
  }
  await markOutboxSent(db, { ids: rows.map((r) => r.id) });
  return rows.length;
}
