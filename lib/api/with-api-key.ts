import { NextResponse } from "next/server";
import { getDb } from "@/db/client";
import { authenticateApiKey, readApiKey, requireCapability, type ApiKeyContext } from "@/lib/api-keys/authenticate-api-key";
import type { Capability } from "@/lib/api-keys/generate-api-key";
import { consumeRateLimit, rateLimitedError, rateLimitHeaders, type RateLimitState } from "./rate-limit";
import { authenticateSession, wantsSession } from "./session-caller";
import { errorResponse } from "@/lib/api/error-response";

// Catch-all segments ([...name]) arrive as arrays.
type RouteParams = Record<string, string | string[]>;
type Handler<P extends RouteParams> = (args: { request: Request; ctx: ApiKeyContext; params: P; rateLimit: RateLimitState }) => Promise<Response>;

/**
 * Every /v1 route is `withApiKey(handler, { capability })`: it resolves the caller (an API key,
 * or the console's signed-in session when no key is sent), counts
 * the request against the key's rate limit, checks the capability, and turns anything thrown
 * into the one error envelope. Every response to a known key carries the X-RateLimit headers.
 */
export function withApiKey<P extends RouteParams = RouteParams>(handler: Handler<P>, { capability }: { capability: Capability }) {
  return async (request: Request, route: { params: Promise<P> }): Promise<Response> => {
    let rateLimit: RateLimitState | undefined;
    let response: Response;
    try {
      const db = getDb();
      const ctx = !readApiKey(request.headers) && wantsSession(request.headers) ? await authenticateSession(db, request.headers) : await authenticateApiKey(db, request.headers);
      rateLimit = await consumeRateLimit(db, { keyId: ctx.keyId, perHour: ctx.rateLimitPerHour });
      if (rateLimit.exceeded) throw rateLimitedError(rateLimit);
      requireCapability(ctx, capability);
      response = await handler({ request, ctx, params: await route.params, rateLimit });
    } catch (error) {
      response = errorResponse(error);
    }
    if (!rateLimit) return response;
    const withHeaders = new Response(response.body, response);
    for (const [name, value] of Object.entries(rateLimitHeaders(rateLimit))) withHeaders.headers.set(name, value);
    return withHeaders;
  };
}

export function ok<T>(data: T, extra?: Record<string, unknown>, init?: ResponseInit): Response {
  return NextResponse.json({ success: true, data, ...extra }, init);
}
