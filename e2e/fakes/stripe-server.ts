// A stand-in for Stripe's API and hosted Checkout page, for tests and local runs without
// network: `npx tsx e2e/fakes/stripe-server.ts --port N --webhook-url URL --webhook-secret whsec_...`
// and point STRIPE_API_URL at it. Webhooks are signed with the real stripe library, so the
// app verifies them exactly as it would Stripe's.
import { randomBytes } from "node:crypto";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { pathToFileURL } from "node:url";
import { parseArgs } from "node:util";
import Stripe from "stripe";

export interface FakeSession {
  id: string;
  object: "checkout.session";
  mode: string;
  url: string;
  amount_subtotal: number;
  amount_total: number;
  currency: string;
  status: "open" | "complete" | "expired";
  payment_status: "unpaid" | "paid";
  client_reference_id: string | null;
  customer_email: string | null;
  metadata: Record<string, string>;
  success_url: string | null;
  cancel_url: string | null;
  created: number;
  expires_at: number;
  livemode: false;
}

export interface FakeDelivery {
  eventId: string;
  type: string;
  status: number | null;
  body: string;
}

type Nested = { [key: string]: string | Nested };

/** Decodes the library's form encoding (`line_items[0][price_data][unit_amount]=2500`) into objects. */
export function parseStripeForm(body: string): Nested {
  const root: Nested = {};
  for (const [key, value] of new URLSearchParams(body)) {
    const path = key.split(/\[|\]\[|\]/).filter((part) => part !== "");
    let node = root;
    path.forEach((part, i) => {
      if (i === path.length - 1) node[part] = value;
      else node = (node[part] ??= {}) as Nested;
    });
  }
  return root;
}

const token = (n: number) => randomBytes(n).toString("hex");
const now = () => Math.floor(Date.now() / 1000);
const escapeHtml = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    let body = "";
    req.setEncoding("utf8");
    req.on("data", (chunk: string) => (body += chunk));
    req.on("end", () => resolve(body));
    req.on("error", reject);
  });
}

function sendJson(res: ServerResponse, status: number, payload: unknown) {
  res.writeHead(status, { "content-type": "application/json" }).end(JSON.stringify(payload));
}

const stripeError = (res: ServerResponse, status: number, message: string, type = "invalid_request_error") => sendJson(res, status, { error: { type, message } });

function paymentPage(session: FakeSession): string {
  const amount = (session.amount_total / 100).toFixed(2);
  const price = session.currency === "usd" ? `$${amount}` : `${amount} ${session.currency.toUpperCase()}`;
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Pay ${price} - fake Stripe Checkout</title></head>
<body><main>
<h1>Tessera credit</h1>
<p>${price}</p>
<form method="post" action="/pay/${escapeHtml(session.id)}">
<label for="card-number">Card number</label>
<input id="card-number" name="card_number" inputmode="numeric" autocomplete="cc-number" value="4242 4242 4242 4242">
<button type="submit">Pay ${price}</button>
</form>
${session.cancel_url ? `<p><a href="${escapeHtml(session.cancel_url)}">Cancel</a></p>` : ""}
</main></body></html>`;
}

export async function startFakeStripe({ port = 0, webhookUrl, webhookSecret }: { port?: number; webhookUrl: string; webhookSecret: string }) {
  const sessions = new Map<string, FakeSession>();
  const byIdempotencyKey = new Map<string, FakeSession>();
  const deliveries: FakeDelivery[] = [];
  let base = "";

  function createSession(form: Nested): FakeSession {
    const item = ((form.line_items as Nested | undefined)?.["0"] ?? {}) as Nested;
    const price = (item.price_data ?? {}) as Nested;
    const amount = Number(price.unit_amount) * Number(item.quantity ?? 1);
    const id = `cs_test_${token(12)}`;
    const session: FakeSession = {
      id,
      object: "checkout.session",
      mode: String(form.mode ?? "payment"),
      url: `${base}/pay/${id}`,
      amount_subtotal: amount,
      amount_total: amount,
      currency: String(price.currency ?? "usd"),
      status: "open",
      payment_status: "unpaid",
      client_reference_id: (form.client_reference_id as string | undefined) ?? null,
      customer_email: (form.customer_email as string | undefined) ?? null,
      metadata: (form.metadata as Record<string, string> | undefined) ?? {},
      success_url: (form.success_url as string | undefined) ?? null,
      cancel_url: (form.cancel_url as string | undefined) ?? null,
      created: now(),
      expires_at: now() + 24 * 3600,
      livemode: false,
    };
    sessions.set(id, session);
    return session;
  }

  /** What Stripe does once the payer pays: the session completes and a signed event goes out. */
  async function pay(session: FakeSession): Promise<FakeDelivery> {
    Object.assign(session, { status: "complete", payment_status: "paid" });
    const event = { id: `evt_${token(12)}`, object: "event", api_version: Stripe.API_VERSION, created: now(), livemode: false, pending_webhooks: 1, request: { id: null, idempotency_key: null }, type: "checkout.session.completed", data: { object: session } };
    const payload = JSON.stringify(event);
    const signature = Stripe.webhooks.generateTestHeaderString({ payload, secret: webhookSecret });
    const delivery: FakeDelivery = { eventId: event.id, type: event.type, status: null, body: "" };
    try {
      const response = await fetch(webhookUrl, { method: "POST", headers: { "content-type": "application/json", "stripe-signature": signature }, body: payload });
      Object.assign(delivery, { status: response.status, body: await response.text() });
    } catch (error) {
      delivery.body = String(error);
    }
    deliveries.push(delivery);
    return delivery;
  }

  async function route(req: IncomingMessage, res: ServerResponse) {
    const url = new URL(req.url ?? "/", base);
    const body = await readBody(req);
    const sessionMatch = /^\/v1\/checkout\/sessions\/([^/]+)$/.exec(url.pathname);
    const payMatch = /^\/pay\/([^/]+)$/.exec(url.pathname);
    if (url.pathname.startsWith("/v1/") && !/^Bearer sk_/.test(req.headers.authorization ?? "")) {
      return stripeError(res, 401, "Invalid API Key provided.");
    }
    if (req.method === "POST" && url.pathname === "/v1/checkout/sessions") {
      const key = req.headers["idempotency-key"];
      const replay = typeof key === "string" ? byIdempotencyKey.get(key) : undefined;
      const session = replay ?? createSession(parseStripeForm(body));
      if (typeof key === "string") byIdempotencyKey.set(key, session);
      return sendJson(res, 200, session);
    }
    const session = sessions.get((sessionMatch ?? payMatch)?.[1] ?? "");
    if (req.method === "GET" && sessionMatch && session) return sendJson(res, 200, session);
    if (req.method === "GET" && payMatch && session) {
      return res.writeHead(200, { "content-type": "text/html; charset=utf-8" }).end(paymentPage(session));
    }
    if (req.method === "POST" && payMatch && session) {
      if (session.status !== "open") return stripeError(res, 400, `This Checkout session is ${session.status}.`);
      await pay(session);
      const next = (session.success_url ?? base).replace("{CHECKOUT_SESSION_ID}", session.id);
      return res.writeHead(303, { location: next }).end();
    }
    return stripeError(res, 404, `Unrecognized request URL (${req.method}: ${url.pathname}).`);
  }

  const server = createServer((req, res) => {
    route(req, res).catch((error: unknown) => stripeError(res, 500, String(error), "api_error"));
  });
  await new Promise<void>((resolve, reject) => server.once("error", reject).listen(port, "127.0.0.1", resolve));
  const actualPort = (server.address() as AddressInfo).port;
  base = `http://127.0.0.1:${actualPort}`;
  return {
    url: base,
    port: actualPort,
    sessions,
    deliveries,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

const isMain = process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href;
if (isMain) {
  const { values } = parseArgs({ options: { port: { type: "string" }, "webhook-url": { type: "string" }, "webhook-secret": { type: "string" } } });
  if (!values["webhook-url"] || !values["webhook-secret"]) {
    console.error("usage: npx tsx e2e/fakes/stripe-server.ts --port N --webhook-url URL --webhook-secret whsec_...");
    process.exit(2);
  }
  const fake = await startFakeStripe({ port: Number(values.port ?? 0), webhookUrl: values["webhook-url"], webhookSecret: values["webhook-secret"] });
  console.log(`fake stripe listening on ${fake.url}`);
  for (const signal of ["SIGINT", "SIGTERM"] as const) process.on(signal, () => void fake.close().then(() => process.exit(0)));
}
