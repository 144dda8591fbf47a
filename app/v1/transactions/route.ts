import { NextResponse } from "next/server";
import { parseQuery } from "@/lib/api/query";
import { withApiKey } from "@/lib/api/with-api-key";
import { listTransactions } from "@/lib/billing/list-transactions";
import { TransactionsQuery } from "@/lib/billing/schemas";
import { otherMethods } from "@/lib/api/other-methods";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

export const GET = withApiKey(
  async ({ request, ctx }) => {
    const query = parseQuery(request, TransactionsQuery);
    return NextResponse.json(await listTransactions({ accountId: ctx.accountId, ...query }));
  },
  { capability: "read" },
);

// Any other method: 405 with the envelope (lib/api/other-methods.ts).
export const { POST, PUT, PATCH, DELETE } = otherMethods("GET");
