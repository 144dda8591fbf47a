import { getDb } from "@/db/client";
import { parseJsonBody } from "@/lib/api/json-body";
import { ok } from "@/lib/api/with-api-key";
import { withSession } from "@/lib/api/with-session";
import { InviteBody } from "@/lib/auth/schemas";
import { inviteAdmin } from "@/lib/team/invite-admin";
import { listInvitations } from "@/lib/team/list-invitations";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

export const GET = withSession(async ({ ctx }) => ok(await listInvitations(getDb(), { accountId: ctx.accountId })), { role: "owner" });

export const POST = withSession(
  async ({ request, ctx }) => {
    const { email } = await parseJsonBody(request, InviteBody);
    const invitation = await inviteAdmin(getDb(), { accountId: ctx.accountId, email, invitedByUserId: ctx.userId });
    return ok(invitation, undefined, { status: 201, headers: { "cache-control": "no-store" } });
  },
  { role: "owner" },
);
