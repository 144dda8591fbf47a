import { getDb } from "@/db/client";
import { ok } from "@/lib/api/with-api-key";
import { withSession } from "@/lib/api/with-session";
import { getMonthlyUsage } from "@/lib/billing/get-monthly-usage";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

export const GET = withSession(async ({ ctx }) => ok(await getMonthlyUsage(getDb(), { accountId: ctx.accountId })));
