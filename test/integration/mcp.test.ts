import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StdioClientTransport } from "@modelcontextprotocol/sdk/client/stdio.js";
import { startPostgresWorker, type RunningWorker } from "@/lib/jobs/postgres-worker";
import { startApiServer } from "@/test/support/api-http-server";
import { TESSERA_BIN } from "@/test/support/cli-process";
import { newAccount, postBatch, waitForBatch } from "./helpers";

// `tessera mcp` as an MCP client starts it (a child process on stdio), talking to the real
// route handlers, PostgreSQL, Chroma and a worker through the MCP SDK's own client.

let worker: RunningWorker;
let api: Awaited<ReturnType<typeof startApiServer>>;
let client: Client;
let mediaId: string;

const text = (result: any) => JSON.parse(result.content[0].text);

beforeAll(async () => {
  worker = await startPostgresWorker({ concurrency: 1 });
  api = await startApiServer();
  const { accountId, apiKey } = await newAccount();
  const { body } = await postBatch({
    apiKey,
    files: [
      { name: "lighthouse.md", content: "# Lighthouse keeping\n\nThe keeper trims the wick of the lamp at dusk and logs passing ships." },
      { name: "bakery.txt", content: "Sourdough needs a lively starter, a long cold proof and a very hot oven." },
    ],
    fields: { collection_id: "mcp/notes" },
  });
  await waitForBatch(accountId, body.data.batch_id);
  client = new Client({ name: "tessera-test", version: "1.0.0" });
  await client.connect(
    new StdioClientTransport({ command: process.execPath, args: [TESSERA_BIN, "mcp"], env: { ...(process.env as Record<string, string>), TESSERA_URL: api.url, TESSERA_API_KEY: apiKey } }),
  );
});
afterAll(async () => {
  await client?.close();
  await worker?.stop();
  await api?.close();
});

describe("tessera mcp", () => {
  it("lists the read tools", async () => {
    const { tools } = await client.listTools();
    expect(tools.map((t) => t.name).sort()).toEqual(["find_similar", "get_media", "list_collections", "search"]);
    for (const t of tools) expect(t.annotations?.readOnlyHint).toBe(true);
  });

  it("searches, lists collections, reads a media item's text and finds similar media", async () => {
    const found = text(await client.callTool({ name: "search", arguments: { query: "lighthouse keeper lamp", collections: ["mcp/notes"], max_results: 5 } }));
    expect(found.results[0]).toMatchObject({ filename: "lighthouse.md", collection: "mcp/notes" });
    mediaId = found.results[0].media_id;

    const collections = text(await client.callTool({ name: "list_collections", arguments: {} }));
    expect(collections.collections).toEqual([expect.objectContaining({ collection_id: "mcp/notes", item_count: 2 })]);

    const media = text(await client.callTool({ name: "get_media", arguments: { media_id: mediaId } }));
    expect(media).toMatchObject({ media_id: mediaId, filename: "lighthouse.md" });
    expect(media.chunks.map((c: any) => c.text).join(" ")).toContain("trims the wick");

    const similar = text(await client.callTool({ name: "find_similar", arguments: { media_id: mediaId } }));
    expect(similar.media_id).toBe(mediaId);
    expect(similar.results.map((r: any) => r.filename)).toContain("bakery.txt");
  });

  it("answers an API error as a tool error with the envelope's message", async () => {
    const result: any = await client.callTool({ name: "get_media", arguments: { media_id: "med_missing" } });
    expect(result.isError).toBe(true);
    expect(result.content[0].text).toMatch(/^not_found: /);
  });
});
