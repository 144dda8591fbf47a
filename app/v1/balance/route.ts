import { ok, withApiKey } from "@/lib/api/with-api-key";
import { getAccountBalance } from "@/lib/billing/get-balance";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

export const GET = withApiKey(async ({ ctx }) => ok(await getAccountBalance({ accountId: ctx.accountId })), { capability: "read" });
