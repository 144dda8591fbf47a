import { Pagination, parseQuery } from "@/lib/api/query";
import { ok, withApiKey } from "@/lib/api/with-api-key";
import { getBatchResults } from "@/lib/batches/get-batch-results";
import { otherMethods } from "@/lib/api/other-methods";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

export const GET = withApiKey<{ id: string }>(
  async ({ request, ctx, params }) => {
    const { page, page_size } = parseQuery(request, Pagination);
    return ok(await getBatchResults({ accountId: ctx.accountId, batchId: params.id, page, pageSize: page_size }));
  },
  { capability: "read" },
);

// Any other method: 405 with the envelope (lib/api/other-methods.ts).
export const { POST, PUT, PATCH, DELETE } = otherMethods("GET");
