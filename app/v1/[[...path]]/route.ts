import { NextResponse } from "next/server";
import { AppError } from "@/lib/errors";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

// Every /v1 path no other route serves: a 404 in the error envelope instead of Next's HTML
// page. Next matches the more specific routes first, so this only answers what nothing else
// does (a known path with the wrong method is the route's own 405, see lib/api/other-methods.ts).

async function notFound(request: Request): Promise<Response> {
  const path = new URL(request.url).pathname;
  const error = new AppError("not_found", `Unknown endpoint: ${request.method} ${path}. The endpoints are listed in /v1/openapi.json.`, { method: request.method, path });
  return NextResponse.json(error.toBody(), { status: error.status });
}

export const GET = notFound;
export const POST = notFound;
export const PUT = notFound;
export const PATCH = notFound;
export const DELETE = notFound;
