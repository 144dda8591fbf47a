import { McpServer } from "@modelcontextprotocol/sdk/server/mcp.js";
import { StdioServerTransport } from "@modelcontextprotocol/sdk/server/stdio.js";
import { z } from "zod";
import { errorMessage, type TesseraClient } from "../sdk/client";

// The MCP server: Tessera's read endpoints as tools for an AI assistant, over stdio, on the typed
// SDK. It acts with the API key it was started with, so it can do what that key can and no more.

type Result = { data?: { data: unknown }; error?: unknown; response: Response };

/** A tool's answer: the API's `data` as JSON text, or the error envelope's message with isError. */
function answer(result: Result) {
  if (!result.data) return { isError: true, content: [{ type: "text" as const, text: errorMessage(result.error, result.response) }] };
  return { content: [{ type: "text" as const, text: JSON.stringify(result.data.data, null, 2) }] };
}

// The server validates media types (GET /v1/openapi.json lists them); a copy here would drift.
const MediaType = z.string().min(1).describe("A media category, e.g. document, image, audio, video");
const Collections = z.array(z.string()).min(1).optional().describe("Only these collections; all when absent");

export function createMcpServer(client: TesseraClient): McpServer {
  const server = new McpServer({ name: "tessera", version: "0.1.0" });

  server.registerTool(
    "search",
    {
      description: "Search the account's files by meaning and words. Each result is a passage with its file, page or timecodes (start_s/end_s) and score.",
      inputSchema: {
        query: z.string().min(1).describe("What to look for, in plain words"),
        collections: Collections,
        media_type: z.array(MediaType).min(1).optional().describe("Only these kinds of media"),
        max_results: z.number().int().min(1).max(100).optional(),
      },
      annotations: { readOnlyHint: true },
    },
    async ({ query, collections, media_type, max_results }) =>
      answer(await client.POST("/v1/search", { body: { query, ...(collections && { collections }), ...(max_results && { max_results }), ...(media_type && { filters: { media_type: media_type as never } }) } })),
  );

  server.registerTool(
    "list_collections",
    { description: "The account's collections with their ready items and chunks.", annotations: { readOnlyHint: true } },
    async () => answer(await client.GET("/v1/media/collections")),
  );

  server.registerTool(
    "get_media",
    {
      description: "One media item: its metadata and, by default, its extracted text as chunks with page numbers or timecodes (start_s/end_s in seconds).",
      inputSchema: { media_id: z.string().min(1).describe("med_..., as search results give it"), include_chunks: z.boolean().optional().describe("Default true") },
      annotations: { readOnlyHint: true },
    },
    async ({ media_id, include_chunks }) =>
      answer(await client.GET("/v1/media/{id}", { params: { path: { id: media_id }, query: { include_chunks: include_chunks === false ? "false" : "true" } } })),
  );

  server.registerTool(
    "find_similar",
    {
      description: "Media similar to a given media item.",
      inputSchema: { media_id: z.string().min(1), collections: Collections, max_results: z.number().int().min(1).max(100).optional() },
      annotations: { readOnlyHint: true },
    },
    async ({ media_id, collections, max_results }) =>
      answer(await client.POST("/v1/search/similar", { body: { media_id, ...(collections && { collections }), ...(max_results && { max_results }) } })),
  );

  return server;
}

/** `tessera mcp`: serve on stdin/stdout until the client closes them. */
export async function serveStdio(client: TesseraClient): Promise<void> {
  const server = createMcpServer(client);
  await server.connect(new StdioServerTransport());
  await new Promise<void>((resolve) => process.stdin.once("end", resolve).once("close", resolve));
  await server.close();
}
