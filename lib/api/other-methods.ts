import { NextResponse } from "next/server";
import { AppError } from "@/lib/errors";

export const HTTP_METHODS = ["GET", "POST", "PUT", "PATCH", "DELETE"] as const;
export type HttpMethod = (typeof HTTP_METHODS)[number];
type Handler = (request: Request) => Promise<Response>;

/** Marks the handlers below, so a test can tell them from a route's real ones. */
export const METHOD_NOT_ALLOWED = Symbol.for("tessera.methodNotAllowed");

/** The 405 answer, in the error envelope, with the Allow header. */
export function methodNotAllowedResponse(request: Request, allowed: readonly HttpMethod[]): Response {
  const path = new URL(request.url).pathname;
  const error = new AppError("method_not_allowed", `${request.method} is not allowed on ${path}: use ${allowed.join(" or ")}.`, { method: request.method, allowed });
  return NextResponse.json(error.toBody(), { status: error.status, headers: { Allow: allowed.join(", ") } });
}

/**
 * Handlers for every method a route does not serve, answering 405 with the envelope (Next's
 * own 405 has no body). Each route.ts exports them next to its real handlers:
 * `export const { PUT, PATCH, DELETE } = otherMethods("GET", "POST");`
 */
export function otherMethods(...allowed: HttpMethod[]): Record<HttpMethod, Handler> {
  const handler: Handler = async (request) => methodNotAllowedResponse(request, allowed);
  Object.assign(handler, { [METHOD_NOT_ALLOWED]: allowed });
  return Object.fromEntries(HTTP_METHODS.map((m) => [m, handler])) as Record<HttpMethod, Handler>;
}
