import { getDb } from "@/db/client";
import { ok } from "@/lib/api/with-api-key";
import { withSession } from "@/lib/api/with-session";
import { listMembers } from "@/lib/team/list-members";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

export const GET = withSession(async ({ ctx }) => ok(await listMembers(getDb(), { accountId: ctx.accountId })));
