import { getDb } from "@/db/client";
import { ok } from "@/lib/api/with-api-key";
import { withSession } from "@/lib/api/with-session";
import { revokeApiKey } from "@/lib/api-keys/revoke-api-key";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

export const DELETE = withSession<{ id: string }>(async ({ ctx, params }) => ok(await revokeApiKey(getDb(), { accountId: ctx.accountId, id: params.id })));
