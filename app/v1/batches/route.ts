import { withApiKey } from "@/lib/api/with-api-key";
import { submitBatch } from "@/lib/batches/submit-batch";
import { NextResponse } from "next/server";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

export const POST = withApiKey(
  async ({ request, ctx }) => NextResponse.json(await submitBatch({ request, accountId: ctx.accountId })),
  { capability: "write" },
);
