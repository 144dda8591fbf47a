import Stripe from "stripe";
import type { Database } from "@/db/client";
import { STRIPE_WEBHOOK_TOLERANCE_SECONDS } from "@/lib/constants";
import { env } from "@/lib/env";
import { AppError } from "@/lib/errors";
import type { StripeWebhookOutcome } from "./credit-checkout-session";
import { checkoutSessionAsyncPaymentSucceeded } from "./events/checkout-session-async-payment-succeeded";
import { checkoutSessionCompleted } from "./events/checkout-session-completed";
import { checkoutSessionExpired } from "./events/checkout-session-expired";
import { getStripe } from "./stripe-client";

export type { StripeWebhookOutcome } from "./credit-checkout-session";

export interface StripeWebhookResult {
  eventId: string;
  type: string;
  outcome: StripeWebhookOutcome;
}

/**
 * Verifies a delivery to /api/stripe/webhook and applies it. The signature must be fresh
 * (STRIPE_WEBHOOK_TOLERANCE_SECONDS): a captured delivery replayed later is refused, and one
 * replayed in time credits nothing new, since a session credits once.
 */
export async function handleStripeWebhook(db: Database, { payload, signature }: { payload: string; signature: string | null }): Promise<StripeWebhookResult> {
  const stripe = getStripe();
  if (!stripe || !env.STRIPE_WEBHOOK_SECRET) throw new AppError("not_found", "Stripe top-ups are not configured on this Tessera.");
  if (!signature) throw new AppError("validation_error", "Invalid Stripe signature");
  let event: Stripe.Event;
  try {
    event = stripe.webhooks.constructEvent(payload, signature, env.STRIPE_WEBHOOK_SECRET, STRIPE_WEBHOOK_TOLERANCE_SECONDS);
  } catch (error) {
    if (error instanceof Stripe.errors.StripeSignatureVerificationError) throw new AppError("validation_error", "Invalid Stripe signature");
    throw error;
  }
  return { eventId: event.id, type: event.type, outcome: await dispatch(db, event) };
}

// One file per event type; any other type is acknowledged, so Stripe does not retry it.
async function dispatch(db: Database, event: Stripe.Event): Promise<StripeWebhookOutcome> {
  switch (event.type) {
    case "checkout.session.completed":
      return checkoutSessionCompleted(db, event);
    case "checkout.session.async_payment_succeeded":
      return checkoutSessionAsyncPaymentSucceeded(db, event);
    case "checkout.session.expired":
      return checkoutSessionExpired(db, event);
    default:
      return "ignored";
  }
}
