import type { DbOrTx } from "@/db/client";
import { ensureWebhookSecret, setAccountWebhookUrl } from "@/db/queries/webhooks";
import { AppError } from "@/lib/errors";
import { checkWebhookUrl } from "./check-webhook-url";
import { newWebhookSecret } from "./sign-webhook";

/**
 * Sets (or clears, with null) the account's webhook endpoint and returns the account's
 * signing secret, creating it if the account has none: the operator shows it once.
 * The same secret signs per-batch callback_url deliveries.
 */
export async function setAccountWebhook(db: DbOrTx, { accountId, url, allowPrivate }: { accountId: string; url: string | null; allowPrivate?: boolean }) {
  if (url !== null) await checkWebhookUrl(url, { field: "url", ...(allowPrivate !== undefined && { allowPrivate }) });
  if (!(await setAccountWebhookUrl(db, { accountId, url }))) throw new AppError("not_found", `Account '${accountId}' not found.`);
  const secret = await ensureWebhookSecret(db, { accountId, candidate: newWebhookSecret() });
  return { url, secret: secret! };
}
