import { RetryAfterError } from "inngest";
import { getDb } from "@/db/client";
import { getItem } from "@/db/queries/items";
import { listUnsentOutbox, markOutboxSent } from "@/db/queries/job-outbox";
import { INNGEST_ITEM_CONCURRENCY_PER_ACCOUNT, ITEM_MAX_ATTEMPTS } from "@/lib/constants";
import { BATCH_CLOSED_EVENT } from "@/lib/jobs";
import { runItemJob } from "@/lib/jobs/run-item-job";
import { inngest } from "../client";
import { itemProcess } from "../events";

type Retries = NonNullable<Parameters<typeof inngest.createFunction>[0]["retries"]>;

/**
 * item/process: the same runItemJob as the postgres driver (claim under a lease, process,
 * store or fail with refund), then announce the batch's close if this item closed it.
 *
 * Claim, process and store stay inside one step: the lease's heartbeat and the abort on a
 * lost lease live in one process, and the embeddings between "process" and "store" are
 * megabytes that do not belong in Inngest's step state. Idempotency makes the step safe to
 * re-run: a finished item is not claimed again, and a re-processed one replaces its vectors.
 */
export const processItemFn = inngest.createFunction(
  {
    id: "process-item",
    triggers: [itemProcess],
    // Same budget as the postgres driver: ITEM_MAX_ATTEMPTS attempts in all (Inngest counts
    // retries after the first; its type is the literal range 0-20).
    retries: (ITEM_MAX_ATTEMPTS - 1) as Retries,
    // One tenant's big batches cannot take every slot.
    concurrency: { key: "event.data.accountId", limit: INNGEST_ITEM_CONCURRENCY_PER_ACCOUNT },
  },
  async ({ event, step, runId }) => {
    const { itemId, batchId } = event.data;
    const status = await step.run("process", async () => {
      await runItemJob({ itemId, workerId: `inngest:${runId}` });
      const item = await getItem(getDb(), { itemId });
      if (item && (item.status === "queued" || item.status === "processing")) {
        // Another run holds a live lease (or a crashed one's lease has not lapsed): try after it.
        throw new RetryAfterError(`item ${itemId} is held by another run`, item.leaseExpiresAt ?? new Date(Date.now() + 30_000));
      }
      return item?.status ?? "missing";
    });

    // The transaction that closed the batch wrote batch/closed to the outbox; whichever run
    // gets here first sends it (same event id from every run, so Inngest keeps one).
    const pending = await step.run("find-close", async () =>
      (await listUnsentOutbox(getDb(), { batchId })).filter((r) => r.name === BATCH_CLOSED_EVENT).map((r) => ({ rowId: r.id, eventId: r.eventId, data: r.data })),
    );
    if (pending.length > 0) {
      await step.sendEvent(
        "announce-close",
        pending.map((p) => ({ id: p.eventId, name: BATCH_CLOSED_EVENT, data: p.data })),
      );
      await step.run("mark-announced", () => markOutboxSent(getDb(), { ids: pending.map((p) => p.rowId) }));
    }
    return { status, closedBatch: pending.length > 0 };
  },
);
