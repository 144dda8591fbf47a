import { afterEach, describe, expect, it } from "vitest";
import { readdir } from "node:fs/promises";
import path from "node:path";
import { findReferencedUploads } from "@/db/queries/items";
import { getDb } from "@/db/client";
import { revokeApiKey } from "@/db/queries/accounts";
import { createApiKey } from "@/lib/api-keys/create-api-key";
import { incomingDir } from "@/lib/storage";
import { POST } from "@/app/v1/batches/route";
import { GET as getBatch } from "@/app/v1/batches/[id]/route";
import { GET as getResults } from "@/app/v1/batches/[id]/results/route";
import { fixture, ledgerOf, newAccount, postBatch } from "./helpers";

const params = Promise.resolve({});

/** Uploads no item names: an accepted file waits in incoming until its item ends, a refused one must be gone. */
async function incomingFiles(): Promise<string[]> {
  const names = await readdir(incomingDir()).catch(() => [] as string[]);
  const referenced = await findReferencedUploads(getDb(), { refs: names.map((n) => path.join(incomingDir(), n)) });
  return names.filter((n) => !referenced.has(path.join(incomingDir(), n)));
}

async function rawPost(apiKey: string, body: BodyInit | ReadableStream<Uint8Array>, headers: Record<string, string>) {
  const request = new Request("http://tessera.test/v1/batches", {
    method: "POST",
    body: body as BodyInit,
    headers: { "x-api-key": apiKey, ...headers },
    duplex: "half",
  } as RequestInit);
  const response = await POST(request, { params });
  return { status: response.status, body: (await response.json()) as any };
}


afterEach(async () => {
  // Whatever was refused, nothing may be left on disk.
  expect(await incomingFiles()).toEqual([]);
});

describe("refused requests charge nothing and leave nothing on disk", () => {
  const cases: Array<{ name: string; status: number; code: string; send: (apiKey: string) => ReturnType<typeof postBatch>; check?: (body: any) => void }> = [
    { name: "no files", status: 400, code: "validation_error", send: (apiKey) => postBatch({ apiKey, files: [], fields: { collection_id: "x" } }) },
    {
      name: "26 files",
      status: 400,
      code: "validation_error",
      send: (apiKey) => postBatch({ apiKey, files: Array.from({ length: 26 }, (_, i) => ({ name: `f${i}.txt`, content: `file ${i}` })) }),
      check: (body) => expect(body.error.details).toMatchObject({ max_allowed: 25, requested: 26 }),
    },
    {
      name: "an unknown extension",
      status: 400,
      code: "invalid_media",
      send: (apiKey) => postBatch({ apiKey, files: [{ name: "tool.exe", content: "MZ binary" }] }),
      check: (body) => expect(body.error.details.files[0]).toMatchObject({ filename: "tool.exe", reason: expect.stringContaining(".exe") }),
    },
    { name: "an empty file", status: 400, code: "invalid_media", send: (apiKey) => postBatch({ apiKey, files: [{ name: "empty.txt", content: "" }] }) },
    {
      name: "a .pdf that is really a PNG",
      status: 400,
      code: "invalid_media",
      send: async (apiKey) => postBatch({ apiKey, files: [{ name: "report.pdf", content: await fixture("documents/not-really.pdf") }, { name: "fine.txt", content: "fine" }] }),
      check: (body) => expect(body.error.details.files).toEqual([{ filename: "report.pdf", reason: expect.stringMatching(/png/i) }]),
    },
    {
      name: "a filename with ../",
      status: 400,
      code: "invalid_media",
      send: (apiKey) => postBatch({ apiKey, files: [{ name: "../../etc/evil.txt", content: "hello" }] }),
      check: (body) => expect(body.error.details.files[0].reason).toMatch(/path/),
    },
    {
      name: "invalid JSON in batch_options",
      status: 400,
      code: "validation_error",
      send: (apiKey) => postBatch({ apiKey, files: [{ name: "a.txt", content: "a" }], fields: { batch_options: "{not json" } }),
    },
    {
      name: "an unknown batch_options key",
      status: 400,
      code: "validation_error",
      send: (apiKey) => postBatch({ apiKey, files: [{ name: "a.txt", content: "a" }], fields: { batch_options: JSON.stringify({ colour: "blue" }) } }),
      check: (body) => expect(JSON.stringify(body.error.details)).toContain("colour"),
    },
    {
      name: "an invalid collection_id",
      status: 400,
      code: "validation_error",
      send: (apiKey) => postBatch({ apiKey, files: [{ name: "a.txt", content: "a" }], fields: { collection_id: "bad name!" } }),
    },
    {
      name: "a force_overwrite that is not a boolean",
      status: 400,
      code: "validation_error",
      send: (apiKey) => postBatch({ apiKey, files: [{ name: "a.txt", content: "a" }], fields: { force_overwrite: "maybe" } }),
    },
    {
      name: "a missing API key",
      status: 401,
      code: "unauthorized",
      send: () => postBatch({ files: [{ name: "a.txt", content: "a" }] }),
    },
    {
      name: "an unknown API key",
      status: 401,
      code: "unauthorized",
      send: () => postBatch({ apiKey: "tsk_notarealkey", files: [{ name: "a.txt", content: "a" }] }),
    },
    {
      name: "a malformed multipart body",
      status: 400,
      code: "validation_error",
      send: (apiKey) =>
        rawPost(apiKey, '--xyz\r\nContent-Disposition: form-data; name="file"; filename="a.txt"\r\n\r\nhello, and then the body just stops', {
          "content-type": "multipart/form-data; boundary=xyz",
        }),
    },
    {
      name: "a multipart body without a boundary",
      status: 400,
      code: "validation_error",
      send: (apiKey) => rawPost(apiKey, "hello", { "content-type": "multipart/form-data" }),
    },
    {
      name: "a JSON body",
      status: 400,
      code: "validation_error",
      send: (apiKey) => rawPost(apiKey, JSON.stringify({ file: "a.txt" }), { "content-type": "application/json" }),
    },
    {
      name: "a declared Content-Length over the limit",
      status: 413,
      code: "payload_too_large",
      send: (apiKey) => rawPost(apiKey, "--xyz--", { "content-type": "multipart/form-data; boundary=xyz", "content-length": String(200 * 1024 * 1024) }),
    },
  ];

  for (const c of cases) {
    it(`${c.name}: ${c.status} ${c.code}`, async () => {
      const { accountId, apiKey } = await newAccount({ credit: 1 });
      const { status, body } = await c.send(apiKey);
      expect(status).toBe(c.status);
      expect(body).toMatchObject({ success: false, error: { code: c.code, message: expect.any(String) } });
      c.check?.(body);
      expect((await ledgerOf(accountId)).map((e) => e.type)).toEqual(["adjustment"]);
    });
  }

  it("a revoked key is refused like an unknown one", async () => {
    const { accountId } = await newAccount();
    const key = await createApiKey(getDb(), { accountId, name: "temp" });
    expect((await postBatch({ apiKey: key.secret, files: [{ name: "ok.txt", content: "ok" }] })).status).toBe(200);
    await revokeApiKey(getDb(), { accountId, id: key.id });
    const { status, body } = await postBatch({ apiKey: key.secret, files: [{ name: "ok2.txt", content: "ok2" }] });
    expect(status).toBe(401);
    expect(body.error.code).toBe("unauthorized");
  });

  it("a read-only key may not submit: 403 forbidden", async () => {
    const { accountId } = await newAccount();
    const key = await createApiKey(getDb(), { accountId, name: "reader", capabilities: ["read"] });
    const { status, body } = await postBatch({ apiKey: key.secret, files: [{ name: "ok.txt", content: "ok" }] });
    expect(status).toBe(403);
    expect(body.error.code).toBe("forbidden");
  });

  it("over 100 MB is cut off while streaming, with flat memory", async () => {
    const { accountId, apiKey } = await newAccount({ credit: 1 });
    const boundary = "bigboundary";
    const chunk = new Uint8Array(1024 * 1024).fill(0x61);
    let sent = 0;
    const stream = new ReadableStream<Uint8Array>({
      start(controller) {
        controller.enqueue(new TextEncoder().encode(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="big.txt"\r\nContent-Type: text/plain\r\n\r\n`));
      },
      pull(controller) {
        // 300 MB would follow if the server kept reading.
        if (sent >= 300) return controller.close();
        sent++;
        controller.enqueue(chunk);
      },
    });
    global.gc?.();
    const rssBefore = process.memoryUsage().rss;
    const { status, body } = await rawPost(apiKey, stream, { "content-type": `multipart/form-data; boundary=${boundary}` });
    const growthMb = (process.memoryUsage().rss - rssBefore) / 1024 / 1024;
    expect(status).toBe(413);
    expect(body.error.code).toBe("payload_too_large");
    expect(sent).toBeLessThan(120);
    expect(growthMb).toBeLessThan(100);
    expect((await ledgerOf(accountId)).map((e) => e.type)).toEqual(["adjustment"]);
  });
});

describe("skip_invalid", () => {
  it("accepts the valid files, lists the rejected ones and charges only the accepted", async () => {
    const { accountId, apiKey } = await newAccount({ credit: 1 });
    const { status, body } = await postBatch({
      apiKey,
      files: [
        { name: "good.txt", content: "good" },
        { name: "bad.exe", content: "MZ" },
        { name: "empty.md", content: "" },
      ],
      fields: { batch_options: JSON.stringify({ skip_invalid: true }) },
    });
    expect(status).toBe(200);
    expect(body.data.total_items).toBe(1);
    expect(body.data.cost_estimate.total).toBe(0.04);
    expect(body.metadata.rejected_files.map((f: { filename: string }) => f.filename)).toEqual(["bad.exe", "empty.md"]);
    expect((await ledgerOf(accountId)).map((e) => e.type)).toEqual(["adjustment", "charge"]);
  });
});

describe("batch lookups are scoped to the key's account", () => {
  it("answers 404 for another account's batch and for an unknown one", async () => {
    const owner = await newAccount();
    const stranger = await newAccount();
    const { body } = await postBatch({ apiKey: owner.apiKey, files: [{ name: "mine.txt", content: "mine" }] });
    const id = body.data.batch_id as string;
    const get = (apiKey: string, batchId: string, suffix = "") =>
      (suffix ? getResults : getBatch)(new Request(`http://tessera.test/v1/batches/${batchId}${suffix}`, { headers: { "x-api-key": apiKey } }), {
        params: Promise.resolve({ id: batchId }),
      });
    expect((await get(owner.apiKey, id)).status).toBe(200);
    expect((await get(owner.apiKey, id, "/results")).status).toBe(200);
    for (const response of [await get(stranger.apiKey, id), await get(stranger.apiKey, id, "/results"), await get(owner.apiKey, "batch_unknown")]) {
      expect(response.status).toBe(404);
      expect(((await response.json()) as any).error.code).toBe("not_found");
    }
  });
});
