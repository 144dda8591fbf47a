import { afterAll, describe, expect, it, vi } from "vitest";
import { randomBytes } from "node:crypto";
import { eq } from "drizzle-orm";
import Stripe from "stripe";
import { getDb } from "@/db/client";
import { getBalance } from "@/db/queries/ledger";
import { getCheckoutSession, insertCheckoutSession } from "@/db/queries/stripe-checkout";
import { stripeCheckoutSessions } from "@/db/schema";
import { POST as webhookRoute } from "@/app/api/stripe/webhook/route";
import { ledgerOf, newAccount } from "./helpers";

// Stripe keys for this file only: set before lib/env is first read (vi.hoisted runs before the imports).
const secret = vi.hoisted(() => {
  const value = `whsec_test_${Math.random().toString(36).slice(2)}`;
  process.env.STRIPE_SECRET_KEY = "sk_test_webhook_tests";
  process.env.STRIPE_WEBHOOK_SECRET = value;
  return value;
});
afterAll(() => {
  delete process.env.STRIPE_SECRET_KEY;
  delete process.env.STRIPE_WEBHOOK_SECRET;
});

const db = getDb();
const CENTS = 2_500;
const AMOUNT_MICROS = 25_000_000;

async function openSession({ amountMicros = AMOUNT_MICROS } = {}) {
  const { accountId } = await newAccount({ credit: 0 });
  const id = `cs_test_${randomBytes(12).toString("hex")}`;
  await insertCheckoutSession(db, { id, accountId, amountMicros, currency: "usd" });
  return { accountId, id };
}

/** The checkout.session object as Stripe sends it, for a session opened by openSession. */
function session(id: string, accountId: string, overrides: Record<string, unknown> = {}) {
  return {
    id,
    object: "checkout.session",
    mode: "payment",
    amount_total: CENTS,
    currency: "usd",
    status: "complete",
    payment_status: "paid",
    client_reference_id: accountId,
    metadata: { account_id: accountId },
    ...overrides,
  };
}

function event(type: string, object: Record<string, unknown>, id = `evt_${randomBytes(12).toString("hex")}`) {
  return JSON.stringify({ id, object: "event", type, created: Math.floor(Date.now() / 1000), livemode: false, data: { object } });
}

/** Signs `signed` (default: the payload) with the real library and posts `payload` to the route. */
async function deliver(payload: string, { signed = payload, timestamp, signature }: { signed?: string; timestamp?: number; signature?: string | null } = {}) {
  const header = signature === undefined ? Stripe.webhooks.generateTestHeaderString({ payload: signed, secret, timestamp }) : signature;
  const request = new Request("http://tessera.test/api/stripe/webhook", {
    method: "POST",
    headers: { "content-type": "application/json", ...(header !== null && { "stripe-signature": header }) },
    body: payload,
  });
  const response = await webhookRoute(request);
  return { status: response.status, body: (await response.json()) as any };
}

async function topups(accountId: string) {
  return (await ledgerOf(accountId)).filter((row) => row.type === "topup");
}

describe("Stripe webhook", () => {
  it("credits a paid checkout.session.completed once, as a topup with the session id", async () => {
    const { accountId, id } = await openSession();
    const { status, body } = await deliver(event("checkout.session.completed", session(id, accountId)));
    expect(status).toBe(200);
    expect(body).toEqual({ received: true, outcome: "credited" });

    const rows = await topups(accountId);
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ amountMicros: AMOUNT_MICROS, externalId: id, balanceAfterMicros: AMOUNT_MICROS });
    expect(await getBalance(db, { accountId })).toBe(AMOUNT_MICROS);
    const row = await getCheckoutSession(db, { id });
    expect(row).toMatchObject({ status: "credited", ledgerEntryId: rows[0]!.id });
    expect(row!.creditedAt).toBeInstanceOf(Date);
  });

  it("refuses a tampered payload, a missing or foreign signature, and a replay older than 5 minutes, with 400 and no credit", async () => {
    const { accountId, id } = await openSession();
    const honest = event("checkout.session.completed", session(id, accountId));
    const inflated = event("checkout.session.completed", session(id, accountId, { amount_total: 250_000 }));
    const foreign = Stripe.webhooks.generateTestHeaderString({ payload: honest, secret: "whsec_someone_else" });
    const sixMinutesAgo = Math.floor(Date.now() / 1000) - 360;

    for (const attempt of [
      deliver(inflated, { signed: honest }),
      deliver(honest, { signature: null }),
      deliver(honest, { signature: "garbage" }),
      deliver(honest, { signature: foreign }),
      deliver(honest, { timestamp: sixMinutesAgo }),
    ]) {
      const { status, body } = await attempt;
      expect(status).toBe(400);
      expect(body).toMatchObject({ success: false, error: { code: "validation_error", message: "Invalid Stripe signature" } });
    }
    expect(await topups(accountId)).toHaveLength(0);
    expect(await getBalance(db, { accountId })).toBe(0);
    expect((await getCheckoutSession(db, { id }))!.status).toBe("open");
  });

  it("credits once for the same event twice and for a second event id of the same session", async () => {
    const { accountId, id } = await openSession();
    const completed = event("checkout.session.completed", session(id, accountId));
    expect((await deliver(completed)).body.outcome).toBe("credited");
    expect((await deliver(completed)).body.outcome).toBe("already_credited");
    expect((await deliver(event("checkout.session.completed", session(id, accountId)))).body.outcome).toBe("already_credited");
    expect((await deliver(event("checkout.session.async_payment_succeeded", session(id, accountId)))).body.outcome).toBe("already_credited");
    expect(await topups(accountId)).toHaveLength(1);
    expect(await getBalance(db, { accountId })).toBe(AMOUNT_MICROS);
  });

  it("handles events out of order: exactly one credit where money arrived, none where it did not", async () => {
    // async_payment_succeeded overtakes the unpaid completed event.
    const a = await openSession();
    expect((await deliver(event("checkout.session.async_payment_succeeded", session(a.id, a.accountId)))).body.outcome).toBe("credited");
    expect((await deliver(event("checkout.session.completed", session(a.id, a.accountId, { payment_status: "unpaid" })))).body.outcome).toBe("ignored");
    expect(await getBalance(db, { accountId: a.accountId })).toBe(AMOUNT_MICROS);

    // expired arrives after completed: the credit stands.
    const b = await openSession();
    expect((await deliver(event("checkout.session.completed", session(b.id, b.accountId)))).body.outcome).toBe("credited");
    expect((await deliver(event("checkout.session.expired", session(b.id, b.accountId, { status: "expired", payment_status: "unpaid" })))).body.outcome).toBe(
      "already_credited",
    );
    expect((await getCheckoutSession(db, { id: b.id }))!.status).toBe("credited");
    expect(await topups(b.accountId)).toHaveLength(1);

    // completed but unpaid (a bank debit), then the money clears.
    const c = await openSession();
    expect((await deliver(event("checkout.session.completed", session(c.id, c.accountId, { payment_status: "unpaid" })))).body.outcome).toBe("ignored");
    expect(await getBalance(db, { accountId: c.accountId })).toBe(0);
    expect((await getCheckoutSession(db, { id: c.id }))!.status).toBe("open");
    expect((await deliver(event("checkout.session.async_payment_succeeded", session(c.id, c.accountId)))).body.outcome).toBe("credited");
    expect(await topups(c.accountId)).toHaveLength(1);

    // never paid: expired, nothing credited.
    const d = await openSession();
    expect((await deliver(event("checkout.session.expired", session(d.id, d.accountId, { status: "expired", payment_status: "unpaid" })))).body.outcome).toBe("expired");
    expect((await getCheckoutSession(db, { id: d.id }))!.status).toBe("expired");
    expect(await topups(d.accountId)).toHaveLength(0);
  });

  it("does not credit an amount or currency other than the session's, an unknown session, or one claimed for another account", async () => {
    const { accountId, id } = await openSession();
    expect((await deliver(event("checkout.session.completed", session(id, accountId, { amount_total: CENTS + 100 })))).body.outcome).toBe("ignored");
    expect((await deliver(event("checkout.session.completed", session(id, accountId, { currency: "eur" })))).body.outcome).toBe("ignored");

    const other = await newAccount({ credit: 0 });
    const claimed = { client_reference_id: other.accountId, metadata: { account_id: other.accountId } };
    expect((await deliver(event("checkout.session.completed", session(id, accountId, claimed)))).body.outcome).toBe("ignored");
    expect((await deliver(event("checkout.session.completed", session("cs_test_not_ours", other.accountId)))).body.outcome).toBe("ignored");

    expect(await topups(accountId)).toHaveLength(0);
    expect(await topups(other.accountId)).toHaveLength(0);
    expect((await getCheckoutSession(db, { id }))!.status).toBe("open");
  });

  it("credits one of 10 concurrent deliveries of the same event", async () => {
    const { accountId, id } = await openSession();
    const completed = event("checkout.session.completed", session(id, accountId));
    const results = await Promise.all(Array.from({ length: 10 }, () => deliver(completed)));
    expect(results.map((r) => r.status)).toEqual(Array(10).fill(200));
    const outcomes = results.map((r) => r.body.outcome as string).sort();
    expect(outcomes).toEqual(["credited", ...Array(9).fill("already_credited")].sort());
    expect(await topups(accountId)).toHaveLength(1);
    expect(await getBalance(db, { accountId })).toBe(AMOUNT_MICROS);
  });

  it("treats the ledger's unique external id as already credited when the session row disagrees", async () => {
    const { accountId, id } = await openSession();
    expect((await deliver(event("checkout.session.completed", session(id, accountId)))).body.outcome).toBe("credited");
    await db.update(stripeCheckoutSessions).set({ status: "open", ledgerEntryId: null }).where(eq(stripeCheckoutSessions.id, id));
    expect((await deliver(event("checkout.session.completed", session(id, accountId)))).body.outcome).toBe("already_credited");
    const rows = await topups(accountId);
    expect(rows).toHaveLength(1);
    expect(await getCheckoutSession(db, { id })).toMatchObject({ status: "credited", ledgerEntryId: rows[0]!.id });
  });

  it("acknowledges other event types and refuses bodies over 1 MB", async () => {
    const { body } = await deliver(event("customer.created", { id: "cus_1", object: "customer" }));
    expect(body).toEqual({ received: true, outcome: "ignored" });

    const huge = "x".repeat(1024 * 1024 + 1);
    const { status, body: tooLarge } = await deliver(huge);
    expect(status).toBe(413);
    expect(tooLarge.error.code).toBe("payload_too_large");
  });
});
