import { WebStandardStreamableHTTPServerTransport } from "@modelcontextprotocol/sdk/server/webStandardStreamableHttp.js";
import { getDb } from "@/db/client";
import { authenticateApiKey, readApiKey } from "@/lib/api-keys/authenticate-api-key";
import { errorResponse } from "@/lib/api/error-response";
import { methodNotAllowedResponse } from "@/lib/api/other-methods";
import { createMcpServer } from "@/mcp/server";
import { inProcessClient } from "./in-process-api";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

/**
 * MCP over Streamable HTTP, stateless: every POST is authenticated with the API key (as /v1) and
 * served by a fresh server holding only the tools the key's capabilities allow. The MCP message
 * itself is not counted against the rate limit; each tool call counts as the /v1 request it makes.
 */
export async function POST(request: Request): Promise<Response> {
  try {
    const ctx = await authenticateApiKey(getDb(), request.headers);
    const server = createMcpServer(inProcessClient({ apiKey: readApiKey(request.headers)! }), { capabilities: ctx.capabilities });
    const transport = new WebStandardStreamableHTTPServerTransport({ sessionIdGenerator: undefined, enableJsonResponse: true });
    await server.connect(transport);
    try {
      return await transport.handleRequest(request);
    } finally {
      await server.close();
    }
  } catch (error) {
    return errorResponse(error);
  }
}

// Stateless: no session to stream to (GET) or end (DELETE).
export const GET = async (request: Request) => methodNotAllowedResponse(request, ["POST"]);
export const DELETE = GET;
