import { parseJsonBody } from "@/lib/api/json-body";
import { ok, withApiKey } from "@/lib/api/with-api-key";
import { findSimilar } from "@/lib/search/find-similar";
import { SimilarRequest } from "@/lib/search/search-schemas";
import { otherMethods } from "@/lib/api/other-methods";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

export const POST = withApiKey(
  async ({ request, ctx }) => ok(await findSimilar({ accountId: ctx.accountId, request: await parseJsonBody(request, SimilarRequest) })),
  { capability: "read" },
);

// Any other method: 405 with the envelope (lib/api/other-methods.ts).
export const { GET, PUT, PATCH, DELETE } = otherMethods("POST");
