import { getDb } from "@/db/client";
import { ok } from "@/lib/api/with-api-key";
import { withSession } from "@/lib/api/with-session";
import { removeMember } from "@/lib/team/remove-member";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

export const DELETE = withSession<{ id: string }>(async ({ ctx, params }) => ok(await removeMember(getDb(), { accountId: ctx.accountId, id: params.id })), {
  role: "owner",
});
