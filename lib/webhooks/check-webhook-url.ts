import { env } from "@/lib/env";
import { AppError } from "@/lib/errors";
import { resolveWebhookHost, WebhookAddressRefused } from "./address-policy";

/**
 * Refuses a webhook URL at submission that points (or resolves) to a private address.
 * Delivery checks again after its own DNS lookup, since a name can change its answer.
 */
export async function checkWebhookUrl(
  url: string,
  { field = "callback_url", allowPrivate = env.WEBHOOK_ALLOW_PRIVATE }: { field?: string; allowPrivate?: boolean } = {},
): Promise<void> {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new AppError("validation_error", `${field} is not a valid URL.`, { field });
  }
  if (parsed.protocol !== "http:" && parsed.protocol !== "https:") {
    throw new AppError("validation_error", `${field} must be an http or https URL.`, { field });
  }
  if (parsed.username || parsed.password) {
    throw new AppError("validation_error", `${field} must not carry credentials.`, { field });
  }
  try {
    await resolveWebhookHost(parsed.hostname, { allowPrivate });
  } catch (error) {
    const reason = error instanceof WebhookAddressRefused ? error.message : `${parsed.hostname} could not be resolved`;
    throw new AppError("validation_error", `${field} is not allowed: ${reason}.`, {
      field,
      ...(!allowPrivate && { suggestion: "Use a public URL; an operator can allow private addresses with WEBHOOK_ALLOW_PRIVATE=true." }),
    });
  }
}
