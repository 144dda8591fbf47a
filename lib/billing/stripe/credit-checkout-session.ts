import type Stripe from "stripe";
import type { Database } from "@/db/client";
import { violatedConstraint } from "@/db/errors";
import { appendLedgerEntry, getLedgerEntryByExternalId } from "@/db/queries/ledger";
import { lockCheckoutSession, markCheckoutSessionCredited, type CheckoutSessionRow } from "@/db/queries/stripe-checkout";
import { MICROS_PER_CENT } from "@/lib/constants";
import { microsToDollars } from "../pricing";

export type StripeWebhookOutcome = "credited" | "already_credited" | "ignored" | "expired";

const warn = (message: string, details: Record<string, unknown>) => console.warn(`[tessera] stripe webhook: ${message}`, details);

/**
 * A session this Tessera opened, for the account it was opened for. Anything else is
 * acknowledged and ignored: Stripe would retry an error for days, and no retry can fix it.
 */
export function isOurSession(row: CheckoutSessionRow | null, session: Stripe.Checkout.Session): row is CheckoutSessionRow {
  if (!row) {
    warn("unknown checkout session ignored", { session: session.id });
    return false;
  }
  const claimed = session.metadata?.account_id ?? session.client_reference_id;
  if (claimed !== row.accountId) {
    warn("checkout session names another account: ignored", { session: session.id, claimed, recorded: row.accountId });
    return false;
  }
  return true;
}

/**
 * Credits a paid session's amount exactly once. The session row lock serialises every delivery
 * of the session's events (duplicates, resends under a new event id, completed together with
 * async_payment_succeeded); the ledger's unique external_id (= the session id) is the last
 * line of defence should the row and the ledger ever disagree.
 */
export async function creditCheckoutSession(db: Database, { session }: { session: Stripe.Checkout.Session }): Promise<StripeWebhookOutcome> {
  return db.transaction(async (tx) => {
    const row = await lockCheckoutSession(tx, { id: session.id });
    if (!isOurSession(row, session)) return "ignored";
    if (row.status === "credited") return "already_credited";
    // The amount paid is what was asked for when the session was opened, never more.
    if (session.amount_total === null || session.amount_total * MICROS_PER_CENT !== row.amountMicros || session.currency !== row.currency) {
      warn("amount or currency differs from the session opened: not credited", {
        session: session.id,
        paid: `${session.amount_total} ${session.currency}`,
        recorded: `${row.amountMicros / MICROS_PER_CENT} ${row.currency}`,
      });
      return "ignored";
    }
    let ledgerEntryId: number;
    try {
      // A savepoint, so a unique violation leaves the transaction usable.
      ({ ledgerEntryId } = await tx.transaction((sp) =>
        appendLedgerEntry(sp, {
          accountId: row.accountId,
          type: "topup",
          amountMicros: row.amountMicros,
          externalId: session.id,
          description: `Stripe top-up of $${microsToDollars(row.amountMicros).toFixed(2)}`,
        }),
      ));
    } catch (error) {
      if (violatedConstraint(error) !== "ledger_external_unique") throw error;
      const existing = await getLedgerEntryByExternalId(tx, { externalId: session.id });
      await markCheckoutSessionCredited(tx, { id: session.id, ledgerEntryId: existing!.id });
      return "already_credited";
    }
    await markCheckoutSessionCredited(tx, { id: session.id, ledgerEntryId });
    return "credited";
  });
}
