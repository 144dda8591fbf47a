import { parseJsonBody } from "@/lib/api/json-body";
import { ok, withApiKey } from "@/lib/api/with-api-key";
import { findSimilar } from "@/lib/search/find-similar";
import { SimilarRequest } from "@/lib/search/search-schemas";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

export const POST = withApiKey(
  async ({ request, ctx }) => ok(await findSimilar({ accountId: ctx.accountId, request: await parseJsonBody(request, SimilarRequest) })),
  { capability: "read" },
);
