import { withApiKey } from "@/lib/api/with-api-key";
import { listCollections } from "@/lib/collections/list-collections";
import { NextResponse } from "next/server";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

export const GET = withApiKey(async ({ ctx }) => NextResponse.json(await listCollections({ accountId: ctx.accountId })), { capability: "read" });
