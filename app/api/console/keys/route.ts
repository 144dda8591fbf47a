import { getDb } from "@/db/client";
import { parseJsonBody } from "@/lib/api/json-body";
import { ok } from "@/lib/api/with-api-key";
import { withSession } from "@/lib/api/with-session";
import { createApiKey } from "@/lib/api-keys/create-api-key";
import { listApiKeys } from "@/lib/api-keys/list-api-keys";
import { CreateApiKeyBody, type CreatedApiKey } from "@/lib/api-keys/schemas";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

export const GET = withSession(async ({ ctx }) => ok(await listApiKeys(getDb(), { accountId: ctx.accountId })));

/** The only response that ever carries the secret. */
export const POST = withSession(async ({ request, ctx }) => {
  const body = await parseJsonBody(request, CreateApiKeyBody);
  const key: CreatedApiKey = await createApiKey(getDb(), { accountId: ctx.accountId, name: body.name, capabilities: body.capabilities });
  return ok(key, undefined, { status: 201, headers: { "cache-control": "no-store" } });
});
