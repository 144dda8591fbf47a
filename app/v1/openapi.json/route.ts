import { NextResponse } from "next/server";
import { getOpenApiDocument } from "@/lib/api/get-openapi-document";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

/** Public: the same document the reference page at /docs/api renders. */
export async function GET() {
  return NextResponse.json(getOpenApiDocument());
}
