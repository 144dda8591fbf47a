import { NextResponse } from "next/server";
import { getDb } from "@/db/client";
import { authenticateApiKey, requireCapability, type ApiKeyContext } from "@/lib/api-keys/authenticate-api-key";
import type { Capability } from "@/lib/api-keys/generate-api-key";
import { toAppError } from "@/lib/errors";

// Catch-all segments ([...name]) arrive as arrays.
type RouteParams = Record<string, string | string[]>;
type Handler<P extends RouteParams> = (args: { request: Request; ctx: ApiKeyContext; params: P }) => Promise<Response>;

/**
 * Every /v1 route is `withApiKey(handler, { capability })`: it resolves the caller, checks
 * the capability, and turns anything thrown into the one error envelope.
 */
export function withApiKey<P extends RouteParams = RouteParams>(handler: Handler<P>, { capability }: { capability: Capability }) {
  return async (request: Request, route: { params: Promise<P> }): Promise<Response> => {
    try {
      const ctx = await authenticateApiKey(getDb(), request.headers);
      requireCapability(ctx, capability);
      return await handler({ request, ctx, params: await route.params });
    } catch (error) {
      const appError = toAppError(error);
      return NextResponse.json(appError.toBody(), { status: appError.status });
    }
  };
}

export function ok<T>(data: T, extra?: Record<string, unknown>, init?: ResponseInit): Response {
  return NextResponse.json({ success: true, data, ...extra }, init);
}
