import { parseJsonBody } from "@/lib/api/json-body";
import { ok, withApiKey } from "@/lib/api/with-api-key";
import { cancelBatch } from "@/lib/batches/cancel-batch";
import { BatchStateBody } from "@/lib/batches/schemas";
import { otherMethods } from "@/lib/api/other-methods";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

export const PUT = withApiKey<{ id: string }>(
  async ({ request, ctx, params }) => {
    await parseJsonBody(request, BatchStateBody);
    return ok(await cancelBatch({ accountId: ctx.accountId, batchId: params.id }));
  },
  { capability: "write" },
);

// Any other method: 405 with the envelope (lib/api/other-methods.ts).
export const { GET, POST, PATCH, DELETE } = otherMethods("PUT");
