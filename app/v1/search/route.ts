import { parseJsonBody } from "@/lib/api/json-body";
import { ok, withApiKey } from "@/lib/api/with-api-key";
import { isMultipart, searchByImage } from "@/lib/search/search-by-image";
import { searchMedia } from "@/lib/search/search-media";
import { SearchRequest } from "@/lib/search/search-schemas";
import { otherMethods } from "@/lib/api/other-methods";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

// JSON: a text query. multipart/form-data: an `image` file plus the same options as JSON in `options`.
export const POST = withApiKey(
  async ({ request, ctx }) =>
    ok(
      isMultipart(request)
        ? await searchByImage({ accountId: ctx.accountId, request })
        : await searchMedia({ accountId: ctx.accountId, request: await parseJsonBody(request, SearchRequest) }),
    ),
  { capability: "read" },
);

// Any other method: 405 with the envelope (lib/api/other-methods.ts).
export const { GET, PUT, PATCH, DELETE } = otherMethods("POST");
