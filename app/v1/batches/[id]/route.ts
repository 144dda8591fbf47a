import { parseQuery } from "@/lib/api/query";
import { ok, withApiKey } from "@/lib/api/with-api-key";
import { getBatchStatus } from "@/lib/batches/get-batch-status";
import { BatchStatusQuery } from "@/lib/batches/schemas";
import { waitForBatchChange } from "@/lib/batches/wait-for-batch-change";
import { otherMethods } from "@/lib/api/other-methods";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

export const GET = withApiKey<{ id: string }>(
  async ({ request, ctx, params }) => {
    const query = parseQuery(request, BatchStatusQuery);
    await waitForBatchChange({ accountId: ctx.accountId, batchId: params.id, waitSeconds: query.wait, signal: request.signal });
    return ok(
      await getBatchStatus({
        accountId: ctx.accountId,
        batchId: params.id,
        includeErrors: query.include_errors,
        includeJobDetails: query.include_job_details,
        includeWebhooks: query.include_webhooks,
      }),
    );
  },
  { capability: "read" },
);

// Any other method: 405 with the envelope (lib/api/other-methods.ts).
export const { POST, PUT, PATCH, DELETE } = otherMethods("GET");
