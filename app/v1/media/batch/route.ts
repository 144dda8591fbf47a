import { parseJsonBody } from "@/lib/api/json-body";
import { withApiKey } from "@/lib/api/with-api-key";
import { deleteMediaBatch } from "@/lib/media/delete-media-batch";
import { DeleteMediaBatchBody } from "@/lib/media/schemas";
import { NextResponse } from "next/server";
import { otherMethods } from "@/lib/api/other-methods";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

// A static segment: Next routes /v1/media/batch here before /v1/media/[id].
export const DELETE = withApiKey(
  async ({ request, ctx }) => NextResponse.json(await deleteMediaBatch({ accountId: ctx.accountId, body: await parseJsonBody(request, DeleteMediaBatchBody) })),
  { capability: "delete" },
);

// Any other method: 405 with the envelope (lib/api/other-methods.ts).
export const { GET, POST, PUT, PATCH } = otherMethods("DELETE");
