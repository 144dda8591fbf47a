import type Stripe from "stripe";
import type { Database } from "@/db/client";
import { creditCheckoutSession, type StripeWebhookOutcome } from "../credit-checkout-session";

/** A delayed payment cleared. Also safe when checkout.session.completed already credited it. */
export async function checkoutSessionAsyncPaymentSucceeded(
  db: Database,
  event: Stripe.CheckoutSessionAsyncPaymentSucceededEvent,
): Promise<StripeWebhookOutcome> {
  return creditCheckoutSession(db, { session: event.data.object });
}
