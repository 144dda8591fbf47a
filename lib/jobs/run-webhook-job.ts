import { getDb } from "@/db/client";
import { deliverWebhook, type DeliveryOptions } from "@/lib/webhooks/deliver-webhook";
import { scheduleWebhookRetry, type DeliverWebhookPayload } from "./index";

/**
 * The postgres driver's webhook task: one attempt, and on failure the next attempt as a new
 * job due after the retry schedule's delay. graphile-worker's own backoff (exp(attempts) s)
 * is kept for crashes of this code only; receiver failures follow Tessera's schedule, the
 * same on both drivers.
 */
export async function runWebhookJob(payload: DeliverWebhookPayload, options: DeliveryOptions = {}): Promise<void> {
  const outcome = await deliverWebhook(payload, options);
  if (outcome.retryInSeconds === null) return;
  await getDb().transaction((tx) => scheduleWebhookRetry(tx, { ...payload, attempt: payload.attempt + 1 }, outcome.retryInSeconds!));
}
