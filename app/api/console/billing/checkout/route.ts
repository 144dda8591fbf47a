import { z } from "zod";
import { getDb } from "@/db/client";
import { getUserById } from "@/db/queries/users";
import { parseJsonBody } from "@/lib/api/json-body";
import { requestOrigin } from "@/lib/api/request-origin";
import { ok } from "@/lib/api/with-api-key";
import { withSession } from "@/lib/api/with-session";
import { createCheckoutSession } from "@/lib/billing/create-checkout-session";
import { dollarsToMicros } from "@/lib/billing/pricing";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

const CheckoutBody = z.object({ amount: z.number().positive().describe("US dollars") });

/** Starts a Stripe Checkout for a top-up; the webhook credits it once Stripe confirms payment. */
export const POST = withSession(async ({ request, ctx }) => {
  const { amount } = await parseJsonBody(request, CheckoutBody);
  const origin = requestOrigin(request);
  const user = await getUserById(getDb(), { id: ctx.userId });
  const session = await createCheckoutSession(getDb(), {
    accountId: ctx.accountId,
    userId: ctx.userId,
    customerEmail: user?.email,
    amountMicros: dollarsToMicros(amount),
    successUrl: `${origin}/billing?checkout=success&session_id={CHECKOUT_SESSION_ID}`,
    cancelUrl: `${origin}/billing?checkout=cancelled`,
  });
  return ok({ id: session.id, url: session.url }, undefined, { status: 201 });
});
