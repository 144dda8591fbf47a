import type Stripe from "stripe";
import type { Database } from "@/db/client";
import { getCheckoutSession, markCheckoutSessionExpired } from "@/db/queries/stripe-checkout";
import { isOurSession, type StripeWebhookOutcome } from "../credit-checkout-session";

/** The payer never paid. A session already credited stays credited: events can arrive out of order. */
export async function checkoutSessionExpired(db: Database, event: Stripe.CheckoutSessionExpiredEvent): Promise<StripeWebhookOutcome> {
  const session = event.data.object;
  if (!isOurSession(await getCheckoutSession(db, { id: session.id }), session)) return "ignored";
  return (await markCheckoutSessionExpired(db, { id: session.id })) ? "expired" : "already_credited";
}
