import { McpServer } from "@modelcontextprotocol/sdk/server/mcp.js";
import { StdioServerTransport } from "@modelcontextprotocol/sdk/server/stdio.js";
import { z } from "zod";
import { errorMessage, type TesseraClient } from "../sdk/client";

// The MCP server: Tessera's endpoints as tools for an AI assistant, on the typed SDK. One set of
// tools, two transports: stdio (`tessera mcp`, over HTTP to a server) and Streamable HTTP at /mcp
// (app/mcp/route.ts, calling the route handlers in-process). Either way the tools act with one API
// key and are only those its capabilities allow; the API checks the key again on every call.

type Capability = "read" | "write" | "delete";
type Result = { data?: { data: unknown }; error?: unknown; response: Response };

/** A tool's answer: the API's `data` as JSON text, or the error envelope's message with isError. */
function answer(result: Result) {
  if (!result.data) return { isError: true, content: [{ type: "text" as const, text: errorMessage(result.error, result.response) }] };
  return { content: [{ type: "text" as const, text: JSON.stringify(result.data.data, null, 2) }] };
}

// The server validates media types (GET /v1/openapi.json lists them); a copy here would drift.
const MediaType = z.string().min(1).describe("A media category, e.g. document, image, audio, video");
const Collections = z.array(z.string()).min(1).optional().describe("Only these collections; all when absent");

function registerReadTools(server: McpServer, client: TesseraClient) {
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
}

function registerWriteTools(server: McpServer, client: TesseraClient) {
  server.registerTool(
    "add_text",
    {
      description: "Store a text note as a document in a collection, so later searches find it. Charged like any uploaded file; answers the batch (batch_id) it was queued in.",
      inputSchema: {
        collection: z.string().min(1).describe("Collection to store it in"),
        filename: z.string().min(1).describe("e.g. meeting-notes.md (.txt or .md)"),
        text: z.string().min(1),
      },
      annotations: { readOnlyHint: false, destructiveHint: false },
    },
    async ({ collection, filename, text }) => {
      const form = new FormData();
      form.append("file", new Blob([text], { type: "text/plain" }), filename);
      form.append("collection_id", collection);
      return answer(await client.POST("/v1/batches", { body: form as never, bodySerializer: (body) => body as unknown as FormData }));
    },
  );
}

function registerDeleteTools(server: McpServer, client: TesseraClient) {
  server.registerTool(
    "delete_media",
    {
      description: "Delete one media item: its file, extracted text and vectors.",
      inputSchema: { media_id: z.string().min(1).describe("med_...") },
      annotations: { readOnlyHint: false, destructiveHint: true },
    },
    async ({ media_id }) => answer(await client.DELETE("/v1/media/{id}", { params: { path: { id: media_id } } })),
  );
}

/** The tools the key's capabilities allow: read tools with `read`, add_text with `write`, delete_media with `delete`. */
export function createMcpServer(client: TesseraClient, { capabilities }: { capabilities: readonly Capability[] }): McpServer {
  const server = new McpServer({ name: "tessera", version: "0.1.0" });
  if (capabilities.includes("read")) registerReadTools(server, client);
  if (capabilities.includes("write")) registerWriteTools(server, client);
  if (capabilities.includes("delete")) registerDeleteTools(server, client);
  return server;
}

/** `tessera mcp`: asks the server what the key may do, then serves on stdin/stdout until the client closes them. */
export async function serveStdio(client: TesseraClient): Promise<void> {
  const { data, error, response } = await client.GET("/v1/status");
  if (!data) throw new Error(`GET /v1/status: ${errorMessage(error, response)}`);
  const server = createMcpServer(client, { capabilities: data.data.api_key.capabilities });
  await server.connect(new StdioServerTransport());
  await new Promise<void>((resolve) => process.stdin.once("end", resolve).once("close", resolve));
  await server.close();
}
