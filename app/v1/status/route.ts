import { ok, withApiKey } from "@/lib/api/with-api-key";
import { getApiStatus } from "@/lib/status/get-api-status";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

export const GET = withApiKey(async ({ ctx, rateLimit }) => ok(await getApiStatus({ ctx, rateLimit })), { capability: "read" });
