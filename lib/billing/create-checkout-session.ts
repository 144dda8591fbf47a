import Stripe from "stripe";
import type { Database } from "@/db/client";
import { getBalance } from "@/db/queries/ledger";
import { insertCheckoutSession } from "@/db/queries/stripe-checkout";
import { getStripe } from "@/lib/billing/stripe/stripe-client";
import { MICROS_PER_CENT, TOPUP_MAX_MICROS, TOPUP_MIN_MICROS } from "@/lib/constants";
import { env } from "@/lib/env";
import { AppError } from "@/lib/errors";
import { randomToken } from "@/lib/ids";
import { microsToDollars } from "./pricing";

export interface CreateCheckoutSessionInput {
  accountId: string;
  amountMicros: number;
  /** Where Stripe sends the payer back; may contain {CHECKOUT_SESSION_ID}. */
  successUrl: string;
  cancelUrl: string;
  customerEmail?: string;
  /** The console user starting the top-up, kept for the record. */
  userId?: string;
}

const dollars = (micros: number) => `$${microsToDollars(micros).toLocaleString("en-US", { minimumFractionDigits: 2 })}`;

/** Stripe charges whole cents; DESIGN.md sets the minimum; the maximum guards against a slipped digit. */
export function validateTopupAmount(amountMicros: number): void {
  if (!Number.isSafeInteger(amountMicros) || amountMicros % MICROS_PER_CENT !== 0) {
    throw new AppError("validation_error", "A top-up must be a whole number of cents.", { amount_micros: amountMicros });
  }
  if (amountMicros < TOPUP_MIN_MICROS) {
    throw new AppError("validation_error", `The minimum top-up is ${dollars(TOPUP_MIN_MICROS)}.`, { minimum: microsToDollars(TOPUP_MIN_MICROS) });
  }
  if (amountMicros > TOPUP_MAX_MICROS) {
    throw new AppError("validation_error", `The maximum top-up is ${dollars(TOPUP_MAX_MICROS)}; ask an operator for more.`, {
      maximum: microsToDollars(TOPUP_MAX_MICROS),
    });
  }
}

/**
 * Opens a Stripe Checkout page for a top-up and records the session, which is what the webhook
 * later credits (once, for this account, amount and currency). Returns the page to send the payer to.
 */
export async function createCheckoutSession(
  db: Database,
  { accountId, amountMicros, successUrl, cancelUrl, customerEmail, userId }: CreateCheckoutSessionInput,
): Promise<{ id: string; url: string }> {
  validateTopupAmount(amountMicros);
  const stripe = getStripe();
  if (!stripe) {
    throw new AppError(
      "validation_error",
      "Stripe is not configured on this Tessera (STRIPE_SECRET_KEY and STRIPE_WEBHOOK_SECRET): ask an operator to grant credit instead.",
    );
  }
  if ((await getBalance(db, { accountId })) === null) throw new AppError("not_found", "Account not found.");

  const currency = env.STRIPE_CURRENCY;
  let session: Stripe.Checkout.Session;
  try {
    session = await stripe.checkout.sessions.create(
      {
        mode: "payment",
        line_items: [{ price_data: { currency, unit_amount: amountMicros / MICROS_PER_CENT, product_data: { name: "Tessera credit" } }, quantity: 1 }],
        client_reference_id: accountId,
        metadata: { account_id: accountId, ...(userId && { user_id: userId }) },
        success_url: successUrl,
        cancel_url: cancelUrl,
        ...(customerEmail && { customer_email: customerEmail }),
      },
      // One key per top-up attempt: the library's retries of this request cannot open a second session.
      { idempotencyKey: `tessera_topup_${randomToken(24)}` },
    );
  } catch (error) {
    if (!(error instanceof Stripe.errors.StripeError)) throw error;
    console.error("[tessera] stripe: checkout session not created", error.type, error.code, error.message);
    throw new AppError("processing_error", "Stripe could not start the payment; try again in a moment.", { stripe_error: error.type });
  }
  if (!session.url) throw new AppError("processing_error", "Stripe returned a checkout session without a payment page.");

  await insertCheckoutSession(db, { id: session.id, accountId, amountMicros, currency, createdByUserId: userId });
  return { id: session.id, url: session.url };
}
