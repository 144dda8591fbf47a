import { createServer } from "node:http";
import { Readable } from "node:stream";
import { HANDLERS } from "@/test/integration/api-client";
import * as mcpRoute from "@/app/mcp/route";

type Handler = (request: Request, route: { params: Promise<any> }) => Promise<Response>;
const MCP: Record<string, Handler> = { "post /mcp": mcpRoute.POST, "get /mcp": mcpRoute.GET, "delete /mcp": mcpRoute.DELETE };
import { listenOnLoopback } from "./loopback-server";

// The real /v1 route handlers behind a real HTTP port, so a separate process (the CLI, the MCP
// server) can be tested against the stack the integration tests run (PostgreSQL, Chroma, worker)
// without `next build`. Routing is the OpenAPI paths plus /mcp; everything else is the handlers' own.

const ROUTES = Object.entries({ ...HANDLERS, ...MCP }).map(([key, handler]) => {
  const [method, template] = key.split(" ") as [string, string];
  const names: string[] = [];
  const pattern = template.replace(/\{(\w+)\}/g, (_, name: string) => {
    names.push(name);
    return name === "id" && template.startsWith("/v1/media/collections") ? "(.+?)" : "([^/]+)";
  });
  // Literal paths first (DELETE /v1/media/batch before DELETE /v1/media/{id}).
  return { method: method.toUpperCase(), regex: new RegExp(`^${pattern}$`), names, handler, literal: names.length === 0 };
}).sort((a, b) => Number(b.literal) - Number(a.literal));

export async function startApiServer() {
  /** "GET /v1/batches/x?wait=30", one per request received, so a test can count what a client spent. */
  const requests: string[] = [];
  const server = createServer(async (req, res) => {
    requests.push(`${req.method} ${req.url}`);
    const url = new URL(req.url ?? "/", "http://127.0.0.1");
    const route = ROUTES.map((r) => ({ r, m: r.method === req.method ? r.regex.exec(url.pathname) : null })).find((x) => x.m);
    if (!route) {
      res.writeHead(404, { "content-type": "application/json" }).end(JSON.stringify({ success: false, error: { code: "not_found", message: "no route", details: {} } }));
      return;
    }
    const params = Object.fromEntries(route.r.names.map((name, i) => [name, decodeURIComponent(route.m![i + 1]!)]));
    const hasBody = req.method !== "GET" && req.method !== "HEAD";
    const request = new Request(`http://${req.headers.host}${req.url}`, {
      method: req.method,
      headers: Object.entries(req.headers).flatMap(([k, v]) => (v === undefined ? [] : [[k, Array.isArray(v) ? v.join(", ") : v] as [string, string]])),
      ...(hasBody && { body: Readable.toWeb(req) as ReadableStream, duplex: "half" }),
    } as RequestInit);
    try {
      const response = await route.r.handler(request, { params: Promise.resolve(params) });
      res.writeHead(response.status, Object.fromEntries(response.headers));
      res.end(Buffer.from(await response.arrayBuffer()));
    } catch (error) {
      res.writeHead(500).end(String(error));
    }
  });
  const { baseUrl, close } = await listenOnLoopback(server);
  return { url: baseUrl.replace(/\/v1$/, ""), close, requests };
}
