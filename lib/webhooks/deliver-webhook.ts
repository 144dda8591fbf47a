import { getDb } from "@/db/client";
import { ensureWebhookSecret, recordWebhookDelivery } from "@/db/queries/webhooks";
import { WEBHOOK_TIMEOUT_MS } from "@/lib/constants";
import { env } from "@/lib/env";
import { WebhookAddressRefused } from "./address-policy";
import { BATCH_COMPLETED_EVENT, buildBatchEvent } from "./batch-event";
import { postWebhook, type PostResult } from "./post-webhook";
import { webhookRetryDelaySeconds } from "./retry-schedule";
import { EVENT_ID_HEADER, EVENT_TYPE_HEADER, newWebhookSecret, SIGNATURE_HEADER, signWebhook } from "./sign-webhook";

/** One planned webhook: the same event id on every attempt, so receivers can deduplicate. */
export interface WebhookDelivery {
  eventId: string;
  accountId: string;
  batchId: string;
  url: string;
}

export interface DeliveryOptions {
  allowPrivate?: boolean;
  retryBaseSeconds?: number;
  timeoutMs?: number;
}

export interface DeliveryOutcome {
  delivered: boolean;
  statusCode: number | null;
  /** Seconds until the next attempt is due; null when there is none (delivered, refused or out of attempts). */
  retryInSeconds: number | null;
}

/**
 * Makes one attempt at delivering a batch.completed event and records it. Scheduling the
 * next attempt is the job driver's part (a delayed graphile-worker job, or an Inngest sleep),
 * both from the same schedule returned here.
 */
export async function deliverWebhook(delivery: WebhookDelivery & { attempt: number }, options: DeliveryOptions = {}): Promise<DeliveryOutcome> {
  const { allowPrivate = env.WEBHOOK_ALLOW_PRIVATE, retryBaseSeconds = env.WEBHOOK_RETRY_BASE_SECONDS, timeoutMs = WEBHOOK_TIMEOUT_MS } = options;
  const db = getDb();
  const { eventId, accountId, batchId, url, attempt } = delivery;
  const event = await buildBatchEvent(db, { accountId, batchId, eventId });
  if (!event) return { delivered: false, statusCode: null, retryInSeconds: null }; // the batch was deleted
  const secret = await ensureWebhookSecret(db, { accountId, candidate: newWebhookSecret() });
  if (!secret) return { delivered: false, statusCode: null, retryInSeconds: null };

  const body = JSON.stringify(event);
  const timestamp = Math.floor(Date.now() / 1000);
  const headers = {
    "content-type": "application/json",
    "user-agent": "Tessera-Webhooks/1",
    [SIGNATURE_HEADER]: signWebhook({ secret, timestamp, body }),
    [EVENT_ID_HEADER]: eventId,
    [EVENT_TYPE_HEADER]: BATCH_COMPLETED_EVENT,
  };
  const startedAt = new Date();
  let result: PostResult;
  let refused = false;
  try {
    result = await postWebhook({ url, headers, body, timeoutMs, allowPrivate });
  } catch (error) {
    // A refused address will not become public by waiting: no retry. A DNS failure may pass.
    refused = error instanceof WebhookAddressRefused;
    result = { statusCode: null, error: refused ? `refused: ${(error as Error).message}` : `${(error as Error).message}` };
  }
  const delivered = result.error === null;
  const retryInSeconds = delivered || refused ? null : webhookRetryDelaySeconds(attempt, retryBaseSeconds);
  await recordWebhookDelivery(db, {
    eventId,
    eventType: BATCH_COMPLETED_EVENT,
    accountId,
    batchId,
    url,
    attempt,
    statusCode: result.statusCode,
    error: result.error,
    durationMs: Date.now() - startedAt.getTime(),
    startedAt,
    nextAttemptAt: retryInSeconds === null ? null : new Date(Date.now() + retryInSeconds * 1000),
  });
  return { delivered, statusCode: result.statusCode, retryInSeconds };
}
