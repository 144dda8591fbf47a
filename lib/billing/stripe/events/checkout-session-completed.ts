import type Stripe from "stripe";
import type { Database } from "@/db/client";
import { creditCheckoutSession, type StripeWebhookOutcome } from "../credit-checkout-session";

/**
 * The payer finished Checkout. Cards are paid by now; delayed methods (bank debits) arrive
 * "unpaid" and are credited on checkout.session.async_payment_succeeded instead.
 */
export async function checkoutSessionCompleted(db: Database, event: Stripe.CheckoutSessionCompletedEvent): Promise<StripeWebhookOutcome> {
  const session = event.data.object;
  if (session.payment_status !== "paid") return "ignored";
  return creditCheckoutSession(db, { session });
}
