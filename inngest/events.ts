import { eventType } from "inngest";
import { z } from "zod";
import { BATCH_CLOSED_EVENT, BATCH_CREATED_EVENT } from "@/lib/jobs";

// The three events of the Inngest driver. batch/created and batch/closed are written to the
// job outbox in the transaction that creates or closes the batch (lib/jobs); item/process is
// sent by the fan-out function.

export const batchCreated = eventType(BATCH_CREATED_EVENT, {
  schema: z.object({ batchId: z.string(), accountId: z.string(), itemIds: z.array(z.string()) }),
});

export const itemProcess = eventType("item/process", {
  schema: z.object({ itemId: z.string(), batchId: z.string(), accountId: z.string() }),
});

const Delivery = z.object({ eventId: z.string(), accountId: z.string(), batchId: z.string(), url: z.string() });

export const batchClosed = eventType(BATCH_CLOSED_EVENT, {
  schema: z.object({ batchId: z.string(), accountId: z.string(), status: z.string(), deliveries: z.array(Delivery) }),
});
