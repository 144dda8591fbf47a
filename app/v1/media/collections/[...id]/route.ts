import { parseJsonBody } from "@/lib/api/json-body";
import { withApiKey } from "@/lib/api/with-api-key";
import { collectionNameFromSegments } from "@/lib/collections/collection-name";
import { deleteCollection } from "@/lib/collections/delete-collection";
import { moveMedia } from "@/lib/collections/move-media";
import { MoveMediaBody } from "@/lib/collections/schemas";
import { AppError } from "@/lib/errors";
import { NextResponse } from "next/server";
import { otherMethods } from "@/lib/api/other-methods";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

// A catch-all, because collection names may contain '/': DELETE takes every segment as the
// name; POST must end in /items and takes the segments before it.

export const DELETE = withApiKey<{ id: string[] }>(
  async ({ ctx, params }) => NextResponse.json(await deleteCollection({ accountId: ctx.accountId, name: collectionNameFromSegments(params.id) })),
  { capability: "delete" },
);

export const POST = withApiKey<{ id: string[] }>(
  async ({ request, ctx, params }) => {
    const segments = params.id;
    if (segments.length < 2 || segments.at(-1) !== "items") throw new AppError("not_found", "Unknown endpoint: POST /v1/media/collections/{id}/items moves media.");
    const name = collectionNameFromSegments(segments.slice(0, -1));
    const { media_ids } = await parseJsonBody(request, MoveMediaBody);
    return NextResponse.json(await moveMedia({ accountId: ctx.accountId, name, mediaIds: media_ids }));
  },
  { capability: "write" },
);

// Any other method: 405 with the envelope (lib/api/other-methods.ts).
export const { GET, PUT, PATCH } = otherMethods("POST", "DELETE");
