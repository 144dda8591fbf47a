import { NextResponse } from "next/server";
import { parseQuery } from "@/lib/api/query";
import { withApiKey } from "@/lib/api/with-api-key";
import { listBatches } from "@/lib/batches/list-batches";
import { ListBatchesQuery } from "@/lib/batches/schemas";
import { submitBatch } from "@/lib/batches/submit-batch";
import { otherMethods } from "@/lib/api/other-methods";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

export const POST = withApiKey(
  async ({ request, ctx }) => NextResponse.json(await submitBatch({ request, accountId: ctx.accountId })),
  { capability: "write" },
);

export const GET = withApiKey(
  async ({ request, ctx }) => {
    const query = parseQuery(request, ListBatchesQuery);
    return NextResponse.json(await listBatches({ accountId: ctx.accountId, ...query }));
  },
  { capability: "read" },
);

// Any other method: 405 with the envelope (lib/api/other-methods.ts).
export const { PUT, PATCH, DELETE } = otherMethods("GET", "POST");
