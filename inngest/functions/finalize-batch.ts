import { deliverWebhook, type WebhookDelivery } from "@/lib/webhooks/deliver-webhook";
import { inngest } from "../client";
import { batchClosed } from "../events";

/**
 * batch/closed: the finalizer. Delivers the batch's webhooks with the same deliverWebhook and
 * retry schedule as the postgres driver; the waits are Inngest sleeps, so a day of retries
 * holds no process. Deliveries run in parallel: one slow receiver does not delay the other.
 */
export const finalizeBatch = inngest.createFunction({ id: "finalize-batch", triggers: [batchClosed] }, async ({ event, step }) => {
  const results = await Promise.all(event.data.deliveries.map((delivery) => deliverWithRetries(step, delivery)));
  return { deliveries: results };
});

type Step = Parameters<Parameters<typeof inngest.createFunction>[1]>[0]["step"];

async function deliverWithRetries(step: Step, delivery: WebhookDelivery) {
  for (let attempt = 1; ; attempt++) {
    const outcome = await step.run(`deliver-${delivery.eventId}-${attempt}`, () => deliverWebhook({ ...delivery, attempt }));
    if (outcome.retryInSeconds === null) return { eventId: delivery.eventId, delivered: outcome.delivered, attempts: attempt };
    await step.sleep(`wait-${delivery.eventId}-${attempt}`, `${Math.ceil(outcome.retryInSeconds)}s`);
  }
}
