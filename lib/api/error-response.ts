import { NextResponse } from "next/server";
import { toAppError } from "@/lib/errors";

/** Anything thrown in a route, as the one error envelope with its status (internals are logged, never sent). */
export function errorResponse(error: unknown): Response {
  const appError = toAppError(error);
  return NextResponse.json(appError.toBody(), { status: appError.status });
}
