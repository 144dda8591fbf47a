import { NextResponse } from "next/server";
import { getDb } from "@/db/client";
import { readTextBody } from "@/lib/api/json-body";
import { handleStripeWebhook } from "@/lib/billing/stripe/handle-stripe-webhook";
import { errorResponse } from "@/lib/api/error-response";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

/**
 * Register https://your-host/api/stripe/webhook in Stripe (checkout.session.completed,
 * .async_payment_succeeded, .expired). The signature covers the exact bytes, so the body is
 * read as text and never re-serialised. A 2xx tells Stripe to stop retrying.
 */
export async function POST(request: Request): Promise<Response> {
  try {
    const payload = await readTextBody(request);
    const result = await handleStripeWebhook(getDb(), { payload, signature: request.headers.get("stripe-signature") });
    return NextResponse.json({ received: true, outcome: result.outcome });
  } catch (error) {
    return errorResponse(error);
  }
}
