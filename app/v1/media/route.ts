import { parseQuery } from "@/lib/api/query";
import { withApiKey } from "@/lib/api/with-api-key";
import { createMedia } from "@/lib/media/create-media";
import { listMedia } from "@/lib/media/list-media";
import { MediaListQuery } from "@/lib/media/schemas";
import { NextResponse } from "next/server";
import { otherMethods } from "@/lib/api/other-methods";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

export const POST = withApiKey(async ({ request, ctx }) => NextResponse.json(await createMedia({ request, accountId: ctx.accountId })), { capability: "write" });

export const GET = withApiKey(
  async ({ request, ctx }) => NextResponse.json(await listMedia({ accountId: ctx.accountId, query: parseQuery(request, MediaListQuery) })),
  { capability: "read" },
);

// Any other method: 405 with the envelope (lib/api/other-methods.ts).
export const { PUT, PATCH, DELETE } = otherMethods("GET", "POST");
