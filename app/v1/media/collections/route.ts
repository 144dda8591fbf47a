import { withApiKey } from "@/lib/api/with-api-key";
import { listCollections } from "@/lib/collections/list-collections";
import { NextResponse } from "next/server";
import { otherMethods } from "@/lib/api/other-methods";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

export const GET = withApiKey(async ({ ctx }) => NextResponse.json(await listCollections({ accountId: ctx.accountId })), { capability: "read" });

// Any other method: 405 with the envelope (lib/api/other-methods.ts).
export const { POST, PUT, PATCH, DELETE } = otherMethods("GET");
