import type { DbOrTx } from "@/db/client";
import { getWebhookTargets } from "@/db/queries/webhooks";
import { newId } from "@/lib/ids";
import type { WebhookDelivery } from "./deliver-webhook";

/**
 * The deliveries a closed batch owes: its callback_url and the account's endpoint (once if
 * they are the same URL). Each gets its own event id, fixed here so every retry carries it.
 * The URLs were checked when they were set; delivery checks them again after DNS.
 */
export async function planBatchWebhooks(db: DbOrTx, { batchId }: { batchId: string }): Promise<WebhookDelivery[]> {
  const targets = await getWebhookTargets(db, { batchId });
  if (!targets) return [];
  const urls = [...new Set([targets.callbackUrl, targets.accountUrl].filter((u): u is string => Boolean(u)))];
  return urls.map((url) => ({ eventId: newId("evt"), accountId: targets.accountId, batchId, url }));
}
