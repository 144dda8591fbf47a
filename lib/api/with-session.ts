import { getDb } from "@/db/client";
import { AppError } from "@/lib/errors";
import { authenticateSession, wantsSession, type SessionContext } from "./session-caller";
import { errorResponse } from "@/lib/api/error-response";

type RouteParams = Record<string, string | string[]>;
type Handler<P extends RouteParams> = (args: { request: Request; ctx: SessionContext; params: P }) => Promise<Response>;

/**
 * /api/console routes: actions only a signed-in person may take (API keys, invitations,
 * top-ups). Same envelope as /v1; `role: "owner"` keeps account-wide decisions to owners.
 */
export function withSession<P extends RouteParams = RouteParams>(handler: Handler<P>, { role }: { role?: "owner" } = {}) {
  return async (request: Request, route: { params: Promise<P> }): Promise<Response> => {
    try {
      const ctx = await authenticateSession(getDb(), request.headers);
      if (role === "owner" && ctx.role !== "owner") throw new AppError("forbidden", "Only the account's owner can do this.");
      return await handler({ request, ctx, params: await route.params });
    } catch (error) {
      return errorResponse(error);
    }
  };
}

/** Console routes used before sign-in (sign-up, accepting an invitation): same envelope, same CSRF header. */
export function withConsoleHeader<P extends RouteParams = RouteParams>(handler: (args: { request: Request; params: P }) => Promise<Response>) {
  return async (request: Request, route: { params: Promise<P> }): Promise<Response> => {
    try {
      if (!wantsSession(request.headers)) throw new AppError("unauthorized", "Console requests must send the x-tessera-console header.");
      return await handler({ request, params: await route.params });
    } catch (error) {
      return errorResponse(error);
    }
  };
}
