import { inngest } from "../client";
import { batchCreated, itemProcess } from "../events";

/** batch/created -> one item/process event (and so one function run) per queued item. */
export const fanOutBatch = inngest.createFunction({ id: "fan-out-batch", triggers: [batchCreated] }, async ({ event, step }) => {
  const { batchId, accountId, itemIds } = event.data;
  // Event ids derive from the batch/created event's id: a re-delivered batch/created (the
  // outbox re-sends until marked sent) produces the same ids, which Inngest drops as duplicates.
  await step.sendEvent(
    "fan-out",
    itemIds.map((itemId) => itemProcess.create({ itemId, batchId, accountId }, { id: `${event.id ?? batchId}-${itemId}` })),
  );
  return { items: itemIds.length };
});
