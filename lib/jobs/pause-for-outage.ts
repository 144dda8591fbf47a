import { getDb } from "@/db/client";
import { releaseItem, type ItemLease } from "@/db/queries/items";
import { env } from "@/lib/env";
import { failItem } from "@/lib/pipeline/fail-item";
import type { Dependency } from "@/lib/outage";
import { enqueueItemRetry, type ProcessItemPayload } from "./index";

/** The item's error code once an outage outlasts ITEM_TIMEOUT_SECONDS. */
export const OUTAGE_ERROR_CODES: Record<Dependency, string> = { database: "database_unavailable", vectors: "vectors_unavailable" };

const WHAT: Record<Dependency, string> = { database: "The database", vectors: "The vector store (Chroma)" };

/** Waits between retries of an item whose dependency is down: 2, 4, 8, 16, then every 30 s. */
export function outageDelaySeconds(retries: number): number {
  return Math.min(30, 2 ** (retries + 1));
}

/**
 * An item that failed because PostgreSQL or Chroma is unreachable is not at fault: it waits
 * and is tried again (the attempt it used is handed back, so an outage never burns the item's
 * ITEM_MAX_ATTEMPTS), until the outage has lasted ITEM_TIMEOUT_SECONDS for it; then it fails
 * with a code naming the dependency, refunded like any failed item. Postgres driver only.
 */
export async function pauseForOutage({
  itemId,
  lease,
  dependency,
  payload,
}: {
  itemId: string;
  lease: Required<ItemLease>;
  dependency: Dependency;
  payload: ProcessItemPayload;
}): Promise<void> {
  const pausedSince = payload.pausedSince ? new Date(payload.pausedSince) : new Date();
  const waitedSeconds = (Date.now() - pausedSince.getTime()) / 1000;
  if (waitedSeconds >= env.ITEM_TIMEOUT_SECONDS) {
    await failItem({
      itemId,
      ...lease,
      code: OUTAGE_ERROR_CODES[dependency],
      message: `${WHAT[dependency]} stayed unavailable for ${Math.round(waitedSeconds)} seconds while this item waited (the limit is ITEM_TIMEOUT_SECONDS, ${env.ITEM_TIMEOUT_SECONDS}); it was refunded.`,
    });
    return;
  }
  const retries = payload.outageRetries ?? 0;
  const delaySeconds = outageDelaySeconds(retries);
  console.error(`[worker] item ${itemId}: ${dependency} unreachable; retrying in ${delaySeconds} s (paused ${Math.round(waitedSeconds)} s so far)`);
  await getDb().transaction(async (tx) => {
    await releaseItem(tx, { itemId, ...lease, handBackAttempt: true });
    await enqueueItemRetry(tx, { itemId, pausedSince: pausedSince.toISOString(), outageRetries: retries + 1 }, delaySeconds);
  });
}
