import { NextResponse } from "next/server";
import { getOpenApiDocument } from "@/lib/api/get-openapi-document";
import { otherMethods } from "@/lib/api/other-methods";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

/** Public: the same document the reference page at /docs/api renders. */
export async function GET() {
  return NextResponse.json(getOpenApiDocument());
}

// Any other method: 405 with the envelope (lib/api/other-methods.ts).
export const { POST, PUT, PATCH, DELETE } = otherMethods("GET");
