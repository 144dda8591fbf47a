import Stripe from "stripe";
import { env } from "@/lib/env";

/** Top-ups need both keys: without the webhook secret a payment could never be credited. */
export function isStripeConfigured(): boolean {
  return Boolean(env.STRIPE_SECRET_KEY && env.STRIPE_WEBHOOK_SECRET);
}

let cached: Stripe | undefined;

/** One client per process (env is read once too), or null when top-ups are not configured. */
export function getStripe(): Stripe | null {
  if (!isStripeConfigured()) return null;
  cached ??= new Stripe(env.STRIPE_SECRET_KEY!, {
    ...apiAddress(env.STRIPE_API_URL),
    // The library reuses one idempotency key across its retries, so a retry never opens a second session.
    maxNetworkRetries: 2,
    timeout: 20_000,
    telemetry: false,
    appInfo: { name: "Tessera" },
  });
  return cached;
}

/** STRIPE_API_URL (a Stripe-compatible API, e.g. the test fake) as the client's host/port/protocol. */
function apiAddress(url: string | undefined): Pick<Stripe.StripeConfig, "host" | "port" | "protocol"> {
  if (!url) return {};
  const parsed = new URL(url);
  const protocol = parsed.protocol === "http:" ? "http" : "https";
  return { host: parsed.hostname, port: parsed.port || (protocol === "http" ? 80 : 443), protocol };
}
