import { parseParams } from "@/lib/api/query";
import { withApiKey } from "@/lib/api/with-api-key";
import { getMediaPreview } from "@/lib/media/get-media-preview";
import { MediaPreviewParams } from "@/lib/media/schemas";
import { otherMethods } from "@/lib/api/other-methods";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

export const GET = withApiKey<{ id: string; n: string }>(
  async ({ ctx, params }) => {
    const { id, n } = parseParams(params, MediaPreviewParams);
    const bytes = await getMediaPreview({ accountId: ctx.accountId, mediaId: id, index: n });
    // private: the picture belongs to one account, so no shared cache may keep it.
    return new Response(new Uint8Array(bytes), { headers: { "content-type": "image/webp", "cache-control": "private, max-age=3600" } });
  },
  { capability: "read" },
);

// Any other method: 405 with the envelope (lib/api/other-methods.ts).
export const { POST, PUT, PATCH, DELETE } = otherMethods("GET");
