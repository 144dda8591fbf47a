import { getDb } from "@/db/client";
import { parseJsonBody } from "@/lib/api/json-body";
import { ok } from "@/lib/api/with-api-key";
import { withConsoleHeader } from "@/lib/api/with-session";
import { SignUpBody } from "@/lib/auth/schemas";
import { signUp } from "@/lib/auth/sign-up";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

/** Creates an account and its owner; the page then signs in with the same credentials. */
export const POST = withConsoleHeader(async ({ request }) => {
  const body = await parseJsonBody(request, SignUpBody);
  const { accountId } = await signUp(getDb(), body);
  return ok({ account_id: accountId, email: body.email }, undefined, { status: 201 });
});
