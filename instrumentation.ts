import type { Instrumentation } from "next";

/**
 * A page that failed while the server rendered it: the browser gets only a digest (the
 * console's error page shows it), so this line, with the same digest, the page and the
 * request, is where an operator finds what happened. Route handlers log through their own
 * wrappers (lib/api), so only renders are logged here.
 */
export const onRequestError: Instrumentation.onRequestError = (error, request, context) => {
  if (context.routeType !== "render") return;
  const digest = (error as { digest?: string } | null)?.digest;
  const detail = error instanceof Error ? (error.stack ?? error.message) : String(error);
  console.error(`[tessera] page render failed: ${request.method} ${request.path} (${context.routePath}, ${context.renderSource ?? "render"})${digest ? ` digest=${digest}` : ""}: ${detail}`);
};
