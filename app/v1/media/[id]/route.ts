import { parseParams, parseQuery } from "@/lib/api/query";
import { ok, withApiKey } from "@/lib/api/with-api-key";
import { deleteMedia } from "@/lib/media/delete-media";
import { getMedia } from "@/lib/media/get-media";
import { MediaGetQuery, MediaIdParams, MediaPatchBody } from "@/lib/media/schemas";
import { updateMedia } from "@/lib/media/update-media";
import { parseJsonBody } from "@/lib/api/json-body";
import { NextResponse } from "next/server";
import { otherMethods } from "@/lib/api/other-methods";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

export const GET = withApiKey<{ id: string }>(
  async ({ request, ctx, params }) => {
    const { id } = parseParams(params, MediaIdParams);
    const { include_chunks } = parseQuery(request, MediaGetQuery);
    return NextResponse.json(await getMedia({ accountId: ctx.accountId, mediaId: id, includeChunks: include_chunks }));
  },
  { capability: "read" },
);

export const PATCH = withApiKey<{ id: string }>(
  async ({ request, ctx, params }) => {
    const { id } = parseParams(params, MediaIdParams);
    return NextResponse.json(await updateMedia({ accountId: ctx.accountId, mediaId: id, body: await parseJsonBody(request, MediaPatchBody) }));
  },
  { capability: "write" },
);

export const DELETE = withApiKey<{ id: string }>(
  async ({ ctx, params }) => ok(await deleteMedia({ accountId: ctx.accountId, mediaId: parseParams(params, MediaIdParams).id })),
  { capability: "delete" },
);

// Any other method: 405 with the envelope (lib/api/other-methods.ts).
export const { POST, PUT } = otherMethods("GET", "PATCH", "DELETE");
