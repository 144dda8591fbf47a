import { cron } from "inngest";
import { flushJobOutbox } from "@/lib/jobs/flush-job-outbox";
import { sweepExpiredItems } from "@/lib/jobs/sweep-expired-items";
import { inngest } from "../client";

/** Events younger than this are still the writing request's to send. */
const OUTBOX_GRACE_SECONDS = 30;

/**
 * Every minute: hand items whose run died mid-way (lapsed lease) back to the queue, and
 * re-send outbox events whose send after commit failed. Without it, a batch whose
 * batch/created never reached Inngest would wait as `created` for ever.
 */
export const sweep = inngest.createFunction({ id: "sweep", triggers: [cron("* * * * *")] }, async ({ step }) => {
  const requeued = await step.run("requeue-lapsed-items", () => sweepExpiredItems({ sweeperId: "inngest-sweep" }));
  const sent = await step.run("resend-outbox", () => flushJobOutbox({ olderThanSeconds: OUTBOX_GRACE_SECONDS }));
  return { requeued, sent };
});
