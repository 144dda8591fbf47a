import createClient from "openapi-fetch";
import type { TesseraClient } from "@/sdk/client";
import type { paths } from "@/sdk/schema";
import { POST as submitBatch } from "@/app/v1/batches/route";
import { GET as listCollections } from "@/app/v1/media/collections/route";
import { DELETE as deleteMedia, GET as getMedia } from "@/app/v1/media/[id]/route";
import { POST as search } from "@/app/v1/search/route";
import { POST as similar } from "@/app/v1/search/similar/route";

type Handler = (request: Request, route: { params: Promise<{ id: string }> }) => Promise<Response>;

// The /v1 routes the MCP tools (mcp/server.ts) call. Literal paths before /v1/media/{id}.
const ROUTES: { method: string; path: RegExp; handler: Handler }[] = [
  { method: "POST", path: /^\/v1\/batches$/, handler: submitBatch as Handler },
  { method: "GET", path: /^\/v1\/media\/collections$/, handler: listCollections as Handler },
  { method: "GET", path: /^\/v1\/media\/(?<id>[^/]+)$/, handler: getMedia as Handler },
  { method: "DELETE", path: /^\/v1\/media\/(?<id>[^/]+)$/, handler: deleteMedia as Handler },
  { method: "POST", path: /^\/v1\/search$/, handler: search as Handler },
  { method: "POST", path: /^\/v1\/search\/similar$/, handler: similar as Handler },
];

/**
 * The typed SDK client with a fetch that hands each request to its route handler in this
 * process: the MCP tools over /mcp go through the same key check, rate limit, validation and
 * error envelope as the REST API, without a second HTTP hop or knowing the public URL.
 */
export function inProcessClient({ apiKey }: { apiKey: string }): TesseraClient {
  return createClient<paths>({
    baseUrl: "http://in-process",
    headers: { "X-Api-Key": apiKey },
    fetch: async (request: Request) => {
      const { pathname } = new URL(request.url);
      for (const route of ROUTES) {
        const match = route.method === request.method ? route.path.exec(pathname) : null;
        if (match) return route.handler(request, { params: Promise.resolve({ id: decodeURIComponent(match.groups?.id ?? "") }) });
      }
      throw new Error(`No in-process route for ${request.method} ${pathname}`);
    },
  });
}
