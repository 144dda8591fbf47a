import { NextResponse } from "next/server";
import { SERVICE_RETRY_AFTER_SECONDS, toAppError } from "@/lib/errors";

/** Anything thrown in a route, as the one error envelope with its status (internals are logged, never sent). */
export function errorResponse(error: unknown): Response {
  const appError = toAppError(error);
  const headers = appError.code === "service_unavailable" ? { "Retry-After": String(SERVICE_RETRY_AFTER_SECONDS) } : undefined;
  return NextResponse.json(appError.toBody(), { status: appError.status, headers });
}
