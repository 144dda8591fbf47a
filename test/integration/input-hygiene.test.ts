import { describe, expect, it } from "vitest";
import { readdir, readFile } from "node:fs/promises";
import path from "node:path";
import { eq, sql } from "drizzle-orm";
import { getDb } from "@/db/client";
import { collections } from "@/db/schema";
import { POST } from "@/app/v1/batches/route";
import { DELETE as deleteCollectionRoute } from "@/app/v1/media/collections/[...id]/route";
import { getOpenApiDocument } from "@/lib/api/get-openapi-document";
import { HTTP_METHODS, METHOD_NOT_ALLOWED } from "@/lib/api/other-methods";
import { BOOLEAN_RULE, parseBooleanText } from "@/lib/api/query";
import { canonicalCollectionName } from "@/lib/collections/canonical-name";
import { newId } from "@/lib/ids";
import { call, textForm } from "./api-client";
import { newAccount, postBatch } from "./helpers";

/**
 * A multipart body written byte by byte, the way curl and browsers send it: the filename's
 * UTF-8 bytes go raw inside `filename="…"`, nothing escaped.
 */
function rawMultipart(parts: Array<{ disposition: Buffer; content: string }>, boundary = "hygieneboundary") {
  const chunks: Buffer[] = [];
  for (const part of parts) {
    chunks.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; `), part.disposition, Buffer.from(`\r\nContent-Type: text/plain\r\n\r\n${part.content}\r\n`));
  }
  chunks.push(Buffer.from(`--${boundary}--\r\n`));
  return { body: Buffer.concat(chunks), contentType: `multipart/form-data; boundary=${boundary}` };
}

async function postRaw(apiKey: string, body: Buffer, contentType: string) {
  const request = new Request("http://tessera.test/v1/batches", {
    method: "POST",
    body: new Uint8Array(body),
    headers: { "x-api-key": apiKey, "content-type": contentType },
  });
  const response = await POST(request, { params: Promise.resolve({}) });
  return { status: response.status, body: (await response.json()) as any };
}

describe("filenames are decoded as UTF-8", () => {
  it("raw UTF-8 bytes in filename= and an RFC 5987 filename* are stored and returned intact", async () => {
    const { apiKey } = await newAccount();
    const { body, contentType } = rawMultipart([
      { disposition: Buffer.from('filename="café.txt"', "utf8"), content: "un café" },
      { disposition: Buffer.from('filename="文件.txt"', "utf8"), content: "一个文件" },
      // filename* wins over the ASCII fallback, as RFC 6266 says.
      { disposition: Buffer.from(`filename="fallback.txt"; filename*=UTF-8''%C3%BCber%20gr%C3%B6%C3%9Fe.txt`), content: "über" },
      { disposition: Buffer.from(`filename*=utf-8''%F0%9F%93%84notes.md`), content: "# notes" },
    ]);
    const submitted = await postRaw(apiKey, body, contentType);
    expect(submitted.status, JSON.stringify(submitted.body)).toBe(200);
    expect(submitted.body.data.total_items).toBe(4);

    const results = await call("get /v1/batches/{id}/results", { apiKey, id: submitted.body.data.batch_id });
    expect(results.status).toBe(200);
    expect(results.body.data.items.map((i: { filename: string }) => i.filename)).toEqual(["café.txt", "文件.txt", "über größe.txt", "📄notes.md"]);
  });
});

const ODD_NAMES = [
  { name: "a//b", rule: "must not contain empty segments ('//')" },
  { name: "/abs", rule: "must not start or end with '/'" },
  { name: "x/", rule: "must not start or end with '/'" },
  { name: "/", rule: "must not start or end with '/'" },
  { name: ".", rule: "must not contain '.' or '..' segments" },
  { name: "a/./b", rule: "must not contain '.' or '..' segments" },
  { name: "a/../b", rule: "must not contain '.' or '..' segments" },
];

describe("collection names are canonical", () => {
  for (const { name, rule } of ODD_NAMES) {
    it(`'${name}' is refused everywhere a collection name enters, naming the rule`, async () => {
      const { accountId, apiKey } = await newAccount();
      const asField = await postBatch({ apiKey, files: [{ name: "a.txt", content: "a" }], fields: { collection_id: name } });
      expect(asField.status).toBe(400);
      expect(asField.body.error).toMatchObject({ code: "validation_error", message: `collection_id is invalid: ${rule}.` });

      const asOption = await postBatch({ apiKey, files: [{ name: "a.txt", content: "a" }], fields: { batch_options: JSON.stringify({ collection_id: name }) } });
      expect(asOption.status).toBe(400);
      expect(asOption.body.error.code).toBe("validation_error");
      expect(JSON.stringify(asOption.body.error)).toContain(rule);

      const media = await call("post /v1/media", { apiKey, form: textForm([{ name: "a.txt", content: "a" }], { collection_id: name }) });
      expect(media.status).toBe(400);
      expect(media.body.error.message).toContain(rule);

      for (const collections of [name, [name]]) {
        const searched = await call("post /v1/search", { apiKey, json: { query: "anything", collections, lexical_weight: 1 } });
        expect(searched.status).toBe(400);
        expect(searched.body.error).toMatchObject({ code: "validation_error", message: expect.stringContaining(rule) });
      }

      for (const route of ["get /v1/media", "get /v1/batches"]) {
        const listed = await call(route, { apiKey, query: { collection: name } });
        expect(listed.status).toBe(400);
        expect(listed.body.error.message).toContain(rule);
      }

      const moved = await call("post /v1/media/collections/{id}/items", { apiKey, id: name, json: { media_ids: ["med_whatever"] } });
      expect(moved.status).toBe(400);
      expect(moved.body.error).toMatchObject({ code: "validation_error", message: `Invalid collection name: ${rule}.` });

      const deleted = await call("delete /v1/media/collections/{id}", { apiKey, id: name });
      expect(deleted.status).toBe(400);
      expect(deleted.body.error.message).toContain(rule);
      // Nothing was created on the way.
      expect(await collectionNames(accountId)).toEqual([]);
    });
  }

  it("DELETE /v1/media/collections/p//q refuses, and p/q survives (segments or %2F)", async () => {
    const { accountId, apiKey } = await newAccount();
    expect((await postBatch({ apiKey, files: [{ name: "keep.txt", content: "keep me" }], fields: { collection_id: "p/q" } })).status).toBe(200);
    expect(await collectionNames(accountId)).toEqual(["p/q"]);
    // The router hands the handler ["p", "", "q"] for p//q, or ["p%2F%2Fq"] / ["p", "%2Fq"] encoded.
    for (const segments of [["p", "", "q"], ["p%2F%2Fq"], ["p", "%2Fq"], ["p%2F", "q"]]) {
      const response = await deleteCollectionRoute(new Request(`http://tessera.test/v1/media/collections/${segments.join("/")}`, { method: "DELETE", headers: { "x-api-key": apiKey } }), {
        params: Promise.resolve({ id: segments }),
      });
      expect(response.status, segments.join("/")).toBe(400);
      expect(((await response.json()) as any).error).toMatchObject({ code: "validation_error", message: "Invalid collection name: must not contain empty segments ('//')." });
    }
    expect(await collectionNames(accountId)).toEqual(["p/q"]);
  });

  it("canonical names with '.' inside segments still work", async () => {
    const { accountId, apiKey } = await newAccount();
    const { status } = await postBatch({ apiKey, files: [{ name: "a.txt", content: "a" }], fields: { collection_id: "reports/v1.2/.hidden" } });
    expect(status).toBe(200);
    expect(await collectionNames(accountId)).toEqual(["reports/v1.2/.hidden"]);
  });

  it("migration 0009 renames stored odd names to canonical ones where nothing clashes", async () => {
    const db = getDb();
    const { accountId } = await newAccount();
    const other = await newAccount();
    const stored = ["a//b", "/abs", "x/", "a/./b//c/", "taken/", "taken", "twin//one", "/twin/one", ".", "/", "up/../x", "fine/name"];
    for (const [i, name] of stored.entries()) {
      await db.insert(collections).values({ id: newId("col"), accountId, name, createdAt: new Date(Date.UTC(2026, 0, 1, 0, 0, i)) });
    }
    // Another account's 'abs' does not block this account's rename.
    await db.insert(collections).values({ id: newId("col"), accountId: other.accountId, name: "abs" });
    const migration = await readFile(path.resolve(import.meta.dirname, "../../db/migrations/0009_canonical_collection_names.sql"), "utf8");
    for (let run = 0; run < 2; run++) {
      for (const statement of migration.split("--> statement-breakpoint")) await db.execute(sql.raw(statement));
    }
    expect((await collectionNames(accountId)).sort()).toEqual(
      [
        "a/b", // a//b
        "abs", // /abs
        "x", // x/
        "a/b/c", // a/./b//c/
        "taken/", // clashes with the existing 'taken': left
        "taken",
        "twin/one", // twin//one, the older of two odd names with one canonical form
        "/twin/one", // the younger: left
        ".", // nothing canonical to rename to: left
        "/",
        "up/../x", // never accepted: left
        "fine/name",
      ].sort(),
    );
    expect(await collectionNames(other.accountId)).toEqual(["abs"]);
    // The canonical form the TypeScript rule computes is the one the SQL wrote.
    expect(["a//b", "/abs", "x/", "a/./b//c/"].map(canonicalCollectionName)).toEqual(["a/b", "abs", "x", "a/b/c"]);
  });
});

async function collectionNames(accountId: string): Promise<string[]> {
  const rows = await getDb().select({ name: collections.name }).from(collections).where(eq(collections.accountId, accountId)).orderBy(collections.createdAt);
  return rows.map((r) => r.name);
}

describe("NUL and invalid code points are refused with validation_error", () => {
  const NUL = "must not contain NUL characters (\\u0000)";
  const SURROGATE = "must not contain invalid code points (unpaired surrogates)";

  it("in search queries (the JSON escapes as clients send them)", async () => {
    const { apiKey } = await newAccount();
    for (const [rawBody, rule] of [
      ['{"query": "\\u0000", "lexical_weight": 1}', NUL],
      ['{"query": "a\\u0000b", "lexical_weight": 0}', NUL],
      ['{"query": "\\ud800", "lexical_weight": 1}', SURROGATE],
      ['{"query": "x\\udc00y", "lexical_weight": 0.5}', SURROGATE],
    ] as const) {
      const { status, body } = await call("post /v1/search", { apiKey, rawBody, headers: { "content-type": "application/json" } });
      expect(status, rawBody).toBe(400);
      expect(body.error).toMatchObject({ code: "validation_error", message: `The request body is invalid: query: ${rule}.` });
    }
    // A well-formed pair (an emoji) is fine.
    expect((await call("post /v1/search", { apiKey, rawBody: '{"query": "\\ud83d\\udcc4", "lexical_weight": 1}' })).status).toBe(200);
  });

  it("in metadata values and keys, at upload and in search filters", async () => {
    const { accountId, apiKey } = await newAccount();
    for (const [metadata, path, rule] of [
      ['{"team": "a\\u0000"}', "metadata.team", NUL],
      ['{"team": "\\udfff"}', "metadata.team", SURROGATE],
      ['{"te\\u0000am": "x"}', "metadata.te\u0000am", `key ${NUL}`],
    ] as const) {
      const upload = await postBatch({ apiKey, files: [{ name: "a.txt", content: "a" }], fields: { batch_options: `{"metadata": ${metadata}}` } });
      expect(upload.status, metadata).toBe(400);
      expect(upload.body.error).toMatchObject({ code: "validation_error", message: `batch_options is invalid: ${path}: ${rule}.` });

      const searched = await call("post /v1/search", { apiKey, rawBody: `{"query": "a", "filters": {"metadata": ${metadata}}}` });
      expect(searched.status, metadata).toBe(400);
      expect(searched.body.error).toMatchObject({ code: "validation_error", message: `The request body is invalid: filters.${path}: ${rule}.` });
    }
    expect(await collectionNames(accountId)).toEqual([]);
  });

  it("in collection names, form fields and query parameters", async () => {
    const { accountId, apiKey } = await newAccount();
    const field = await postBatch({ apiKey, files: [{ name: "a.txt", content: "a" }], fields: { collection_id: "team\u0000" } });
    expect(field.status).toBe(400);
    expect(field.body.error).toMatchObject({ code: "validation_error", message: `Field 'collection_id' is invalid: it ${NUL}.` });
    const inSearch = await call("post /v1/search", { apiKey, rawBody: '{"query": "a", "collections": ["ok", "b\\ud800"]}' });
    expect(inSearch.status).toBe(400);
    expect(inSearch.body.error.message).toBe(`The request body is invalid: collections.1: ${SURROGATE}.`);
    const listed = await call("get /v1/media", { apiKey, query: { collection: "a\u0000" } });
    expect(listed.status).toBe(400);
    expect(listed.body.error).toMatchObject({ code: "validation_error", message: `The query string is invalid: collection: ${NUL}.` });
    expect(await collectionNames(accountId)).toEqual([]);
  });

  it("in filenames", async () => {
    const { apiKey } = await newAccount();
    // A raw NUL byte in the header is a malformed part; percent-encoded in filename* it arrives.
    const raw = rawMultipart([{ disposition: Buffer.from('filename="a\u0000b.txt"'), content: "a" }]);
    const malformed = await postRaw(apiKey, raw.body, raw.contentType);
    expect(malformed.status).toBe(400);
    expect(malformed.body.error.code).toBe("validation_error");
    const encoded = rawMultipart([{ disposition: Buffer.from("filename*=UTF-8''a%00b.txt"), content: "a" }]);
    const refused = await postRaw(apiKey, encoded.body, encoded.contentType);
    expect(refused.status).toBe(400);
    expect(refused.body.error.details.files).toEqual([{ filename: "a\u0000b.txt", reason: "the filename contains control characters" }]);
    const { filenameProblem } = await import("@/lib/batches/file-rules");
    expect(filenameProblem("a\ud800.txt")).toBe(`the filename ${SURROGATE}`);
    expect(filenameProblem("📄.txt")).toBeNull();
  });
});

describe("every response under /v1 has the envelope", () => {
  const appDir = path.resolve(import.meta.dirname, "../../app");

  async function routeModules() {
    const files = (await readdir(path.join(appDir, "v1"), { recursive: true })).filter((f) => f.endsWith("route.ts") && !f.startsWith("[[...path]]"));
    expect(files.length).toBeGreaterThan(10);
    return Promise.all(files.map(async (f) => ({ file: f, module: (await import(/* @vite-ignore */ path.join(appDir, "v1", f))) as Record<string, unknown> })));
  }

  it("a wrong method on a known route is 405 method_not_allowed with Allow, on every route file", async () => {
    for (const { file, module } of await routeModules()) {
      const real = HTTP_METHODS.filter((m) => typeof module[m] === "function" && !(METHOD_NOT_ALLOWED in (module[m] as object)));
      expect(real.length, file).toBeGreaterThan(0);
      for (const method of HTTP_METHODS) {
        const handler = module[method] as ((r: Request, c: unknown) => Promise<Response>) | undefined;
        expect(typeof handler, `${file} exports ${method}`).toBe("function");
        if (real.includes(method)) continue;
        expect((handler as any)[METHOD_NOT_ALLOWED], `${file} ${method} lists the real methods`).toEqual(real);
        const response = await handler!(new Request(`http://tessera.test/v1/${path.dirname(file)}`, { method }), { params: Promise.resolve({}) });
        expect(response.status).toBe(405);
        expect(response.headers.get("allow")).toBe(real.join(", "));
        expect(await response.json()).toMatchObject({ success: false, error: { code: "method_not_allowed", message: expect.stringContaining(`${method} is not allowed`), details: { allowed: real } } });
      }
    }
  });

  it("DELETE /v1/batches and PATCH /v1/balance, as the issue found them", async () => {
    const batches = await import("@/app/v1/batches/route");
    const deleted = await batches.DELETE(new Request("http://tessera.test/v1/batches", { method: "DELETE" }));
    expect(deleted.status).toBe(405);
    expect(await deleted.json()).toEqual({
      success: false,
      error: { code: "method_not_allowed", message: "DELETE is not allowed on /v1/batches: use GET or POST.", details: { method: "DELETE", allowed: ["GET", "POST"] } },
    });
    const balance = await import("@/app/v1/balance/route");
    const patched = await balance.PATCH(new Request("http://tessera.test/v1/balance", { method: "PATCH" }));
    expect(patched.status).toBe(405);
    expect(patched.headers.get("allow")).toBe("GET");
    expect(((await patched.json()) as any).error.code).toBe("method_not_allowed");
  });

  it("an unknown /v1 route is a JSON 404 not_found, whatever the method", async () => {
    const fallback = (await import("@/app/v1/[[...path]]/route")) as unknown as Record<string, (r: Request) => Promise<Response>>;
    for (const method of HTTP_METHODS) {
      for (const url of ["/v1/nope", "/v1", "/v1/batches/batch_1/nope/deeper"]) {
        const response = await fallback[method]!(new Request(`http://tessera.test${url}`, { method }));
        expect(response.status).toBe(404);
        expect(response.headers.get("content-type")).toContain("application/json");
        expect(await response.json()).toMatchObject({ success: false, error: { code: "not_found", message: `Unknown endpoint: ${method} ${url}. The endpoints are listed in /v1/openapi.json.` } });
      }
    }
  });
});

describe("booleans sent as text follow one rule, the documented one", () => {
  const ACCEPTED: Array<[string, boolean]> = [
    ["true", true],
    ["TRUE", true],
    ["True", true],
    ["true ", true],
    [" 1", true],
    ["1", true],
    ["false", false],
    ["FALSE", false],
    ["\t0\n", false],
  ];
  const REFUSED = ["yes", "no", "on", "off", "", " ", "2", "truee", "t", "-1", "1.0"];

  it("force_overwrite (form field) and include_errors (query) accept the same spellings and refuse the rest", async () => {
    const { apiKey } = await newAccount({ credit: 20 });
    const first = await postBatch({ apiKey, files: [{ name: "same.txt", content: "the same bytes" }] });
    expect(first.status).toBe(200);
    for (const [text, value] of ACCEPTED) {
      const again = await postBatch({ apiKey, files: [{ name: "same.txt", content: "the same bytes" }], fields: { force_overwrite: text } });
      expect(again.status, JSON.stringify(text)).toBe(200);
      expect(again.body.data.settings.force_overwrite, JSON.stringify(text)).toBe(value);

      const status = await call("get /v1/batches/{id}", { apiKey, id: first.body.data.batch_id, query: { include_errors: text } });
      expect(status.status, JSON.stringify(text)).toBe(200);
      expect("errors" in status.body.data, `include_errors=${JSON.stringify(text)}`).toBe(value);
    }
    for (const text of REFUSED) {
      const refused = await postBatch({ apiKey, files: [{ name: "same.txt", content: "the same bytes" }], fields: { force_overwrite: text } });
      expect(refused.status, JSON.stringify(text)).toBe(400);
      expect(refused.body.error).toMatchObject({ code: "validation_error", message: `force_overwrite must be ${BOOLEAN_RULE}.` });

      const status = await call("get /v1/batches/{id}", { apiKey, id: first.body.data.batch_id, query: { include_errors: text } });
      expect(status.status, JSON.stringify(text)).toBe(400);
      expect(status.body.error.message).toBe(`Invalid query parameters: include_errors: must be ${BOOLEAN_RULE}.`);
    }
  });

  it("the OpenAPI document states the rule, and its pattern accepts exactly what the parser accepts", () => {
    const doc = getOpenApiDocument() as any;
    expect(doc.info.description).toContain(BOOLEAN_RULE);
    const field = doc.paths["/v1/batches"].post.requestBody.content["multipart/form-data"].schema.properties.force_overwrite;
    const mediaField = doc.paths["/v1/media"].post.requestBody.content["multipart/form-data"].schema.properties.force_overwrite;
    const query = doc.paths["/v1/batches/{id}"].get.parameters.find((p: { name: string }) => p.name === "include_errors");
    for (const schema of [field, mediaField, query.schema]) {
      const pattern = new RegExp(schema.pattern as string, "u");
      for (const [text, value] of ACCEPTED) {
        expect(pattern.test(text), JSON.stringify(text)).toBe(true);
        expect(parseBooleanText(text)).toBe(value);
      }
      for (const text of REFUSED) {
        expect(pattern.test(text), JSON.stringify(text)).toBe(false);
        expect(parseBooleanText(text)).toBeNull();
      }
    }
    expect(field.description).toContain(BOOLEAN_RULE);
    expect(query.description).toContain(BOOLEAN_RULE);
  });
});
