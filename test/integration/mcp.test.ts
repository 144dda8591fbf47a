import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StdioClientTransport } from "@modelcontextprotocol/sdk/client/stdio.js";
import { StreamableHTTPClientTransport } from "@modelcontextprotocol/sdk/client/streamableHttp.js";
import { getDb } from "@/db/client";
import { createApiKey } from "@/lib/api-keys/create-api-key";
import { startPostgresWorker, type RunningWorker } from "@/lib/jobs/postgres-worker";
import { startApiServer } from "@/test/support/api-http-server";
import { TESSERA_BIN } from "@/test/support/cli-process";
import { newAccount, postBatch, waitForBatch } from "./helpers";

// One set of MCP tools, two transports, each through the MCP SDK's own client against the real
// route handlers, PostgreSQL, Chroma and a worker: `tessera mcp` (a child process on stdio) and
// Streamable HTTP at /mcp (app/mcp/route.ts) with an API key whose capabilities pick the tools.

const READ_TOOLS = ["find_similar", "get_media", "list_collections", "search"];
const ALL_TOOLS = [...READ_TOOLS, "add_text", "delete_media"].sort();

let worker: RunningWorker;
let api: Awaited<ReturnType<typeof startApiServer>>;
let account: { accountId: string; apiKey: string };
let readKey: string;
let stdio: Client;
const httpClients: Client[] = [];

const text = (result: any) => JSON.parse(result.content[0].text);

async function httpClient(apiKey: string) {
  const client = new Client({ name: "tessera-http-test", version: "1.0.0" });
  await client.connect(new StreamableHTTPClientTransport(new URL(`${api.url}/mcp`), { requestInit: { headers: { Authorization: `Bearer ${apiKey}` } } }));
  httpClients.push(client);
  return client;
}

beforeAll(async () => {
  worker = await startPostgresWorker({ concurrency: 1 });
  api = await startApiServer();
  account = await newAccount();
  readKey = (await createApiKey(getDb(), { accountId: account.accountId, name: "reader", capabilities: ["read"] })).secret;
  const { body } = await postBatch({
    apiKey: account.apiKey,
    files: [
      { name: "lighthouse.md", content: "# Lighthouse keeping\n\nThe keeper trims the wick of the lamp at dusk and logs passing ships." },
      { name: "bakery.txt", content: "Sourdough needs a lively starter, a long cold proof and a very hot oven." },
    ],
    fields: { collection_id: "mcp/notes" },
  });
  await waitForBatch(account.accountId, body.data.batch_id);
  stdio = new Client({ name: "tessera-test", version: "1.0.0" });
  await stdio.connect(
    new StdioClientTransport({ command: process.execPath, args: [TESSERA_BIN, "mcp"], env: { ...(process.env as Record<string, string>), TESSERA_URL: api.url, TESSERA_API_KEY: readKey } }),
  );
});
afterAll(async () => {
  await stdio?.close();
  for (const c of httpClients) await c.close();
  await worker?.stop();
  await api?.close();
});

describe("tessera mcp (stdio)", () => {
  it("lists only the read tools for a read-only key", async () => {
    const { tools } = await stdio.listTools();
    expect(tools.map((t) => t.name).sort()).toEqual(READ_TOOLS);
    for (const t of tools) expect(t.annotations?.readOnlyHint).toBe(true);
  });

  it("searches, lists collections, reads a media item's text and finds similar media", async () => {
    const found = text(await stdio.callTool({ name: "search", arguments: { query: "lighthouse keeper lamp", collections: ["mcp/notes"], max_results: 5 } }));
    expect(found.results[0]).toMatchObject({ filename: "lighthouse.md", collection: "mcp/notes" });
    const mediaId = found.results[0].media_id;

    const collections = text(await stdio.callTool({ name: "list_collections", arguments: {} }));
    expect(collections.collections).toEqual([expect.objectContaining({ collection_id: "mcp/notes", item_count: 2 })]);

    const media = text(await stdio.callTool({ name: "get_media", arguments: { media_id: mediaId } }));
    expect(media).toMatchObject({ media_id: mediaId, filename: "lighthouse.md" });
    expect(media.chunks.map((c: any) => c.text).join(" ")).toContain("trims the wick");

    const similar = text(await stdio.callTool({ name: "find_similar", arguments: { media_id: mediaId } }));
    expect(similar.media_id).toBe(mediaId);
    expect(similar.results.map((r: any) => r.filename)).toContain("bakery.txt");
  });

  it("answers an API error as a tool error with the envelope's message", async () => {
    const result: any = await stdio.callTool({ name: "get_media", arguments: { media_id: "med_missing" } });
    expect(result.isError).toBe(true);
    expect(result.content[0].text).toMatch(/^not_found: /);
  });
});

describe("MCP over Streamable HTTP at /mcp", () => {
  it("gives a read-only key the read tools, which search and read media text", async () => {
    const client = await httpClient(readKey);
    const { tools } = await client.listTools();
    expect(tools.map((t) => t.name).sort()).toEqual(READ_TOOLS);

    const found = text(await client.callTool({ name: "search", arguments: { query: "sourdough starter oven", collections: ["mcp/notes"] } }));
    expect(found.results[0]).toMatchObject({ filename: "bakery.txt", collection: "mcp/notes" });
    const media = text(await client.callTool({ name: "get_media", arguments: { media_id: found.results[0].media_id } }));
    expect(media.chunks.map((c: any) => c.text).join(" ")).toContain("long cold proof");
    const collections = text(await client.callTool({ name: "list_collections", arguments: {} }));
    expect(collections.collections.map((c: any) => c.collection_id)).toEqual(["mcp/notes"]);
  });

  it("gives a read-write-delete key add_text and delete_media, which store and remove a note", async () => {
    const client = await httpClient(account.apiKey);
    const { tools } = await client.listTools();
    expect(tools.map((t) => t.name).sort()).toEqual(ALL_TOOLS);

    const added = text(await client.callTool({ name: "add_text", arguments: { collection: "mcp/notes", filename: "harbour.md", text: "The harbour master counts zanzibarquokka crates at dawn." } }));
    expect(added.batch_id).toEqual(expect.any(String));
    await waitForBatch(account.accountId, added.batch_id);
    const found = text(await client.callTool({ name: "search", arguments: { query: "zanzibarquokka crates", collections: ["mcp/notes"] } }));
    expect(found.results[0]).toMatchObject({ filename: "harbour.md" });

    const deleted: any = await client.callTool({ name: "delete_media", arguments: { media_id: found.results[0].media_id } });
    expect(deleted.isError, deleted.content[0].text).toBeFalsy();
    const gone: any = await client.callTool({ name: "get_media", arguments: { media_id: found.results[0].media_id } });
    expect(gone.content[0].text).toMatch(/^not_found: /);
  });

  it("refuses a missing or wrong key with 401 in the error envelope", async () => {
    const initialize = { jsonrpc: "2.0", id: 1, method: "initialize", params: { protocolVersion: "2025-06-18", capabilities: {}, clientInfo: { name: "t", version: "1" } } };
    for (const headers of [{}, { Authorization: "Bearer tsk_not_a_real_key" }] as Record<string, string>[]) {
      const response = await fetch(`${api.url}/mcp`, {
        method: "POST",
        headers: { "content-type": "application/json", accept: "application/json, text/event-stream", ...headers },
        body: JSON.stringify(initialize),
      });
      expect(response.status).toBe(401);
      expect(await response.json()).toEqual({ success: false, error: { code: "unauthorized", message: expect.any(String), details: expect.anything() } });
    }
    await expect(httpClient("tsk_not_a_real_key")).rejects.toMatchObject({ code: 401, message: expect.stringContaining("unauthorized") });
    // Stateless: no session stream to open.
    expect((await fetch(`${api.url}/mcp`, { headers: { Authorization: `Bearer ${readKey}` } })).status).toBe(405);
  });
});
