import { parseJsonBody } from "@/lib/api/json-body";
import { ok, withApiKey } from "@/lib/api/with-api-key";
import { searchMedia } from "@/lib/search/search-media";
import { SearchRequest } from "@/lib/search/search-schemas";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

export const POST = withApiKey(
  async ({ request, ctx }) => ok(await searchMedia({ accountId: ctx.accountId, request: await parseJsonBody(request, SearchRequest) })),
  { capability: "read" },
);
