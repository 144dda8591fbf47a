import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { createServer, type Server } from "node:http";
import { getDb } from "@/db/client";
import { getBalance } from "@/db/queries/ledger";
import { getCheckoutSession } from "@/db/queries/stripe-checkout";
import { POST as webhookRoute } from "@/app/api/stripe/webhook/route";
import { createCheckoutSession } from "@/lib/billing/create-checkout-session";
import { startFakeStripe } from "@/e2e/fakes/stripe-server";
import { ledgerOf, newAccount } from "./helpers";

// The real stripe client talks to the fake through STRIPE_API_URL. Ports are chosen up front
// because lib/env reads the environment once (vi.hoisted runs before the imports).
const ports = vi.hoisted(() => {
  const stripe = 20_000 + Math.floor(Math.random() * 20_000);
  process.env.STRIPE_SECRET_KEY = "sk_test_checkout_tests";
  process.env.STRIPE_WEBHOOK_SECRET = "whsec_checkout_tests";
  process.env.STRIPE_API_URL = `http://127.0.0.1:${stripe}`;
  return { stripe };
});

let fake: Awaited<ReturnType<typeof startFakeStripe>>;
let forwarder: Server;

beforeAll(async () => {
  // Stands in for Tessera's public URL: hands each delivery to the real route handler.
  forwarder = createServer((req, res) => {
    let body = "";
    req.setEncoding("utf8");
    req.on("data", (chunk: string) => (body += chunk));
    req.on("end", async () => {
      const request = new Request(`http://tessera.test${req.url}`, { method: "POST", headers: req.headers as Record<string, string>, body });
      const response = await webhookRoute(request);
      res.writeHead(response.status, { "content-type": "application/json" }).end(await response.text());
    });
  });
  await new Promise<void>((resolve) => forwarder.listen(0, "127.0.0.1", resolve));
  const { port } = forwarder.address() as { port: number };
  fake = await startFakeStripe({ port: ports.stripe, webhookUrl: `http://127.0.0.1:${port}/api/stripe/webhook`, webhookSecret: "whsec_checkout_tests" });
});
afterAll(async () => {
  await fake?.close();
  await new Promise<void>((resolve) => forwarder.close(() => resolve()));
  for (const name of ["STRIPE_SECRET_KEY", "STRIPE_WEBHOOK_SECRET", "STRIPE_API_URL"]) delete process.env[name];
});

const urls = { successUrl: "http://console.test/billing?paid={CHECKOUT_SESSION_ID}", cancelUrl: "http://console.test/billing?cancelled=1" };

describe("createCheckoutSession", () => {
  it("refuses less than $10, fractions of a cent, more than the maximum and unknown accounts", async () => {
    const { accountId } = await newAccount({ credit: 0 });
    const attempt = (amountMicros: number, id = accountId) => createCheckoutSession(getDb(), { accountId: id, amountMicros, ...urls }).catch((e: unknown) => e);

    expect(await attempt(9_990_000)).toMatchObject({ code: "validation_error", message: "The minimum top-up is $10.00." });
    expect(await attempt(25_005_000)).toMatchObject({ code: "validation_error", message: expect.stringContaining("whole number of cents") });
    expect(await attempt(10_000_010_000)).toMatchObject({ code: "validation_error", message: expect.stringContaining("$10,000.00") });
    expect(await attempt(25_000_000, "acct_missing")).toMatchObject({ code: "not_found" });
    expect(fake.sessions.size).toBe(0);
  });

  it("opens a Checkout session for the amount in cents and records it for the webhook", async () => {
    const { accountId } = await newAccount({ credit: 0 });
    const { id, url } = await createCheckoutSession(getDb(), { accountId, amountMicros: 10_000_000, customerEmail: "ops@example.test", userId: "user_1", ...urls });

    expect(url).toBe(`${fake.url}/pay/${id}`);
    expect(fake.sessions.get(id)).toMatchObject({
      mode: "payment",
      amount_total: 1_000,
      currency: "usd",
      client_reference_id: accountId,
      metadata: { account_id: accountId, user_id: "user_1" },
      customer_email: "ops@example.test",
      success_url: urls.successUrl,
      cancel_url: urls.cancelUrl,
    });
    expect(await getCheckoutSession(getDb(), { id })).toMatchObject({ accountId, amountMicros: 10_000_000, currency: "usd", status: "open", createdByUserId: "user_1" });
  });

  it("credits the account once after the payer pays on the hosted page", async () => {
    const { accountId } = await newAccount({ credit: 0 });
    const { id, url } = await createCheckoutSession(getDb(), { accountId, amountMicros: 25_000_000, ...urls });

    const page = await (await fetch(url)).text();
    expect(page).toContain("Pay $25.00");
    expect(page).toMatch(/<label for="card-number">Card number<\/label>/);
    expect(page).toContain('value="4242 4242 4242 4242"');

    const paid = await fetch(url, { method: "POST", redirect: "manual", headers: { "content-type": "application/x-www-form-urlencoded" }, body: "card_number=4242424242424242" });
    expect(paid.status).toBe(303);
    expect(paid.headers.get("location")).toBe(`http://console.test/billing?paid=${id}`);
    expect(fake.deliveries.at(-1)).toMatchObject({ type: "checkout.session.completed", status: 200 });
    expect(JSON.parse(fake.deliveries.at(-1)!.body)).toEqual({ received: true, outcome: "credited" });

    // Paying twice is refused by the fake, and nothing is credited twice.
    expect((await fetch(url, { method: "POST", redirect: "manual" })).status).toBe(400);
    expect(await getBalance(getDb(), { accountId })).toBe(25_000_000);
    expect((await ledgerOf(accountId)).filter((row) => row.type === "topup")).toMatchObject([{ amountMicros: 25_000_000, externalId: id }]);
    expect((await getCheckoutSession(getDb(), { id }))!.status).toBe("credited");
  });

  it("says Stripe is not configured when the keys are missing", async () => {
    vi.resetModules();
    const saved = process.env.STRIPE_WEBHOOK_SECRET;
    delete process.env.STRIPE_WEBHOOK_SECRET;
    try {
      const fresh = await import("@/lib/billing/create-checkout-session");
      const { isStripeConfigured } = await import("@/lib/billing/stripe/stripe-client");
      expect(isStripeConfigured()).toBe(false);
      const error = await fresh.createCheckoutSession(getDb(), { accountId: "acct_any", amountMicros: 25_000_000, ...urls }).catch((e: unknown) => e);
      expect(error).toMatchObject({ code: "validation_error", message: expect.stringContaining("Stripe is not configured") });
    } finally {
      process.env.STRIPE_WEBHOOK_SECRET = saved;
    }
  });
});
