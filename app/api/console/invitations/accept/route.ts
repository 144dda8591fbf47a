import { z } from "zod";
import { getDb } from "@/db/client";
import { parseJsonBody } from "@/lib/api/json-body";
import { parseQuery } from "@/lib/api/query";
import { ok } from "@/lib/api/with-api-key";
import { withConsoleHeader } from "@/lib/api/with-session";
import { acceptInvitation, describeInvitation } from "@/lib/auth/invitations";
import { AcceptInvitationBody } from "@/lib/auth/schemas";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

export const GET = withConsoleHeader(async ({ request }) => {
  const { token } = parseQuery(request, z.object({ token: z.string().min(10).max(200) }));
  return ok(await describeInvitation(getDb(), { token }));
});

export const POST = withConsoleHeader(async ({ request }) => {
  const body = await parseJsonBody(request, AcceptInvitationBody);
  return ok(await acceptInvitation(getDb(), body), undefined, { status: 201 });
});
