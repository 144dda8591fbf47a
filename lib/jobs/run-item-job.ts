import { loggableError } from "@/lib/log-safe";
import { getDb } from "@/db/client";
import { cancelQueuedItemsIfCancelled } from "@/lib/batches/cancel-queued-items";
import { claimItem, extendLease, releaseItem } from "@/db/queries/items";
import { ITEM_MAX_ATTEMPTS } from "@/lib/constants";
import { env } from "@/lib/env";
import { failItem } from "@/lib/pipeline/fail-item";
import { LeaseLostError, processItem } from "@/lib/pipeline/process-item";
import { ItemError } from "@/lib/pipeline/types";
import { unreachableDependency } from "@/lib/outage";
import type { ProcessItemPayload } from "./index";
import { pauseForOutage } from "./pause-for-outage";

/**
 * Runs one item under a lease. Expected failures (ItemError) fail the item at once, with a
 * refund. Unexpected ones hand it back to the queue and rethrow so the job driver retries
 * with backoff, until the last attempt fails it for good. Both drivers call this.
 */
export async function runItemJob({ itemId, workerId, payload }: { itemId: string; workerId: string; payload?: ProcessItemPayload }): Promise<void> {
  const db = getDb();
  const leaseSeconds = env.ITEM_LEASE_SECONDS;
  const item = await claimItem(db, { itemId, workerId, leaseSeconds });
  if (!item) return; // finished already, or a live worker holds it
  // This run's fencing token: a later claim of the item (after our lease lapsed) has a higher attempt.
  const lease = { workerId, attempt: item.attempts };

  const controller = new AbortController();
  const heartbeat = setInterval(() => {
    extendLease(db, { itemId, ...lease, leaseSeconds })
      .then((stillOurs) => stillOurs || controller.abort(new LeaseLostError(`lease on ${itemId} lost`)))
      .catch(() => {});
  }, (leaseSeconds * 1000) / 3);
  const timeout = setTimeout(
    () => controller.abort(new ItemError("timeout", `Processing took longer than ${env.ITEM_TIMEOUT_SECONDS} seconds.`)),
    env.ITEM_TIMEOUT_SECONDS * 1000,
  );

  try {
    await Promise.race([processItem(item, { workerId, signal: controller.signal }), aborted(controller.signal)]);
  } catch (error) {
    if (error instanceof LeaseLostError) return;
    if (error instanceof ItemError) {
      await failItem({ itemId, ...lease, code: error.code, message: error.message });
      return;
    }
    // PostgreSQL or Chroma down: wait it out (postgres driver, which passes its payload).
    const dependency = unreachableDependency(error);
    if (dependency && payload) {
      await pauseForOutage({ itemId, lease, dependency, payload });
      return;
    }
    if (item.attempts >= ITEM_MAX_ATTEMPTS) {
      console.error(`[worker] item ${itemId} failed on its last attempt: ${loggableError(error)}`);
      await failItem({ itemId, ...lease, code: "processing_error", message: "Processing failed after several attempts." });
      return;
    }
    await releaseItem(db, { itemId, ...lease });
    // A cancel that came while this item ran could not see it queued: settle it now.
    await cancelQueuedItemsIfCancelled({ batchId: item.batchId });
    // graphile-worker logs this and keeps it in its jobs table: no query parameters (users' text).
    throw new Error(loggableError(error));
  } finally {
    clearInterval(heartbeat);
    clearTimeout(timeout);
  }
}

function aborted(signal: AbortSignal): Promise<never> {
  return new Promise((_, reject) => signal.addEventListener("abort", () => reject(signal.reason), { once: true }));
}
