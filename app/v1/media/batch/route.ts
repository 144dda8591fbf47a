import { parseJsonBody } from "@/lib/api/json-body";
import { withApiKey } from "@/lib/api/with-api-key";
import { deleteMediaBatch } from "@/lib/media/delete-media-batch";
import { DeleteMediaBatchBody } from "@/lib/media/schemas";
import { NextResponse } from "next/server";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

// A static segment: Next routes /v1/media/batch here before /v1/media/[id].
export const DELETE = withApiKey(
  async ({ request, ctx }) => NextResponse.json(await deleteMediaBatch({ accountId: ctx.accountId, body: await parseJsonBody(request, DeleteMediaBatchBody) })),
  { capability: "delete" },
);
