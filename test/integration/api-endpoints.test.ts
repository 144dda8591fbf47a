import { describe, expect, it } from "vitest";
import { readdir } from "node:fs/promises";
import path from "node:path";
import { getDb } from "@/db/client";
import { getBalance } from "@/db/queries/ledger";
import { createApiKey } from "@/lib/api-keys/create-api-key";
import { encodeCursor } from "@/lib/api/cursor";
import { getOpenApiDocument } from "@/lib/api/get-openapi-document";
import { API_ROUTES } from "@/lib/api/routes";
import { call, HANDLERS, textForm } from "./api-client";
import { balanceFromLedger, ledgerOf, newAccount } from "./helpers";
import { DEFAULT_RATE_LIMIT_PER_HOUR } from "@/lib/constants";

const KEYED_ROUTES = API_ROUTES.filter((r) => r.capability !== null).map((r) => `${r.method} ${r.path}`);

async function readOnlyKey(accountId: string) {
  return (await createApiKey(getDb(), { accountId, name: "reader", capabilities: ["read"] })).secret;
}

async function submit(apiKey: string, names: string[], fields: Record<string, string> = {}) {
  const { status, body } = await call("post /v1/batches", { apiKey, form: textForm(names.map((n) => ({ name: n, content: `${n}: ${Math.random()} some text` })), fields) });
  expect(status).toBe(200);
  return body.data.batch_id as string;
}

describe("the route list and the document", () => {
  it("lists every route file under app/ in API_ROUTES, and nothing that is not served", async () => {
    const appDir = path.resolve(import.meta.dirname, "../../app");
    // v1/[[...path]] is the fallback that answers 404 for whatever no route serves (input-hygiene.test.ts).
    const files = (await readdir(appDir, { recursive: true })).filter(
      (f) => f.endsWith("route.ts") && (f.startsWith("v1") || f.startsWith("health")) && f !== path.join("v1", "[[...path]]", "route.ts"),
    );
    const served = files.map((f) => `/${path.dirname(f)}`.replace(/\[(?:\.\.\.)?(\w+)\]/g, "{$1}"));
    // A catch-all segment ([...id]) serves every path below it too (".../{id}/items").
    const servedBy = (p: string) => served.find((s) => p === s || (files.some((f) => f.includes("[...")) && p.startsWith(`${s}/`)));
    expect(API_ROUTES.filter((r) => !servedBy(r.path)).map((r) => r.path)).toEqual([]);
    expect(served.filter((s) => !API_ROUTES.some((r) => r.path === s || r.path.startsWith(`${s}/`)))).toEqual([]);
    expect(Object.keys(HANDLERS).sort()).toEqual(API_ROUTES.map((r) => `${r.method} ${r.path}`).sort());
  });

  it("GET /v1/openapi.json serves an OpenAPI 3.1 document with the key scheme, multipart upload and error codes", async () => {
    const { status, body } = await call("get /v1/openapi.json");
    expect(status).toBe(200);
    expect(body).toEqual(JSON.parse(JSON.stringify(getOpenApiDocument())));
    expect(body.openapi).toBe("3.1.0");
    expect(body.components.securitySchemes.ApiKeyAuth).toEqual(expect.objectContaining({ type: "apiKey", in: "header", name: "X-Api-Key" }));
    const post = body.paths["/v1/batches"].post;
    expect(Object.keys(post.requestBody.content)).toEqual(["multipart/form-data"]);
    expect(post.requestBody.content["multipart/form-data"].schema.properties.file.items.format).toBe("binary");
    expect(post.responses["409"].content["application/json"].schema.properties.error.properties.code.enum).toEqual(["idempotency_conflict"]);
    expect(body.paths["/v1/batches/{id}/state"].put.responses["403"].content["application/json"].schema.properties.error.properties.code.enum).toEqual(["forbidden"]);
    expect(body.paths["/v1/status"].get.responses["429"].headers).toHaveProperty("Retry-After");
    expect(body.paths["/health"].get.security).toEqual([]);
  });

  it("GET /health answers without a key", async () => {
    const { status, body } = await call("get /health");
    expect(status).toBe(200);
    expect(body.status).toBe("ok");
  });
});

describe("authentication on every keyed route", () => {
  for (const route of KEYED_ROUTES) {
    it(`${route}: no key and an unknown key are 401 unauthorized, without rate-limit headers`, async () => {
      for (const apiKey of [undefined, "tsk_notarealkey"]) {
        const { status, body, headers } = await call(route, { ...(apiKey && { apiKey }), id: "batch_x", json: { state: "cancelled" } });
        expect(status).toBe(401);
        expect(body.error.code).toBe("unauthorized");
        expect(headers.get("x-ratelimit-limit")).toBeNull();
      }
    });
  }
  for (const route of API_ROUTES.filter((r) => r.capability === "write").map((r) => `${r.method} ${r.path}`)) {
    it(`${route}: a read-only key is 403 forbidden and changes nothing`, async () => {
      const { accountId, apiKey } = await newAccount();
      const id = await submit(apiKey, ["a.txt"]);
      const reader = await readOnlyKey(accountId);
      const before = await ledgerOf(accountId);
      const { status, body, headers } = await call(route, { apiKey: reader, id, json: { state: "cancelled" }, form: textForm([{ name: "b.txt", content: "b" }]) });
      expect(status).toBe(403);
      expect(body.error).toMatchObject({ code: "forbidden", details: { required: "write" } });
      expect(headers.get("x-ratelimit-limit")).toBe(String(DEFAULT_RATE_LIMIT_PER_HOUR));
      expect(await ledgerOf(accountId)).toEqual(before);
    });
  }
});

describe("GET /v1/batches", () => {
  it("lists the account's batches newest first, with filters", async () => {
    const { apiKey } = await newAccount();
    const first = await submit(apiKey, ["a.txt"], { collection_id: "alpha" });
    const second = await submit(apiKey, ["b.txt", "c.txt"], { collection_id: "beta" });
    const third = await submit(apiKey, ["d.txt"], { collection_id: "alpha" });
    await call("put /v1/batches/{id}/state", { apiKey, id: second, json: { state: "cancelled" } });

    const all = await call("get /v1/batches", { apiKey });
    expect(all.status).toBe(200);
    expect(all.body.data.map((b: any) => b.batch_id)).toEqual([third, second, first]);
    expect(all.body.next_cursor).toBeNull();
    expect(all.body.data[1]).toMatchObject({ status: "cancelled", collection: "beta", total_items: 2, cost: { charged: 0.08, refunded: 0.08, net: 0 } });

    const alpha = await call("get /v1/batches", { apiKey, query: { collection: "alpha" } });
    expect(alpha.body.data.map((b: any) => b.batch_id)).toEqual([third, first]);
    const cancelled = await call("get /v1/batches", { apiKey, query: { status: "cancelled" } });
    expect(cancelled.body.data.map((b: any) => b.batch_id)).toEqual([second]);
    const none = await call("get /v1/batches", { apiKey, query: { status: "completed", collection: "alpha" } });
    expect(none.body).toEqual({ success: true, data: [], next_cursor: null });
  });

  it("pages with an opaque cursor: empty, exactly one page, several pages, past the end", async () => {
    const { apiKey } = await newAccount();
    expect((await call("get /v1/batches", { apiKey })).body).toEqual({ success: true, data: [], next_cursor: null });
    const ids = [await submit(apiKey, ["1.txt"]), await submit(apiKey, ["2.txt"]), await submit(apiKey, ["3.txt"])].reverse();

    const exact = await call("get /v1/batches", { apiKey, query: { limit: "3" } });
    expect(exact.body.data.map((b: any) => b.batch_id)).toEqual(ids);
    expect(exact.body.next_cursor).toBeNull();

    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const page: any = await call("get /v1/batches", { apiKey, query: { limit: "2", ...(cursor && { cursor }) } });
      expect(page.status).toBe(200);
      seen.push(...page.body.data.map((b: any) => b.batch_id));
      cursor = page.body.next_cursor;
    } while (cursor);
    expect(seen).toEqual(ids);

    const pastEnd = await call("get /v1/batches", { apiKey, query: { cursor: encodeCursor("batch", ids[2]!) } });
    expect(pastEnd.body).toEqual({ success: true, data: [], next_cursor: null });
  });

  const badQueries: Array<[string, Record<string, string>]> = [
    ["a garbage cursor", { cursor: "not-a-cursor" }],
    ["an empty cursor", { cursor: "" }],
    ["a transactions cursor", { cursor: encodeCursor("txn", 5) }],
    ["a cursor naming an unknown batch", { cursor: encodeCursor("batch", "batch_nope") }],
    ["limit 0", { limit: "0" }],
    ["limit 101", { limit: "101" }],
    ["an unknown status", { status: "paused" }],
    ["an invalid collection", { collection: "bad name!" }],
    ["an unknown parameter", { page: "2" }],
  ];
  for (const [name, query] of badQueries) {
    it(`refuses ${name}: 400 validation_error`, async () => {
      const { apiKey } = await newAccount();
      const { status, body } = await call("get /v1/batches", { apiKey, query });
      expect(status).toBe(400);
      expect(body.error.code).toBe("validation_error");
    });
  }

  it("never shows another account's batches, nor takes its batch ids as cursors", async () => {
    const owner = await newAccount();
    const stranger = await newAccount();
    const id = await submit(owner.apiKey, ["mine.txt"]);
    expect((await call("get /v1/batches", { apiKey: stranger.apiKey })).body.data).toEqual([]);
    const { status } = await call("get /v1/batches", { apiKey: stranger.apiKey, query: { cursor: encodeCursor("batch", id) } });
    expect(status).toBe(400);
  });
});

describe("existing batch endpoints against the document", () => {
  it("POST /v1/batches: 200 and each refusal matches its documented response", async () => {
    const { accountId, apiKey } = await newAccount({ credit: 0.05 });
    const ok = await call("post /v1/batches", { apiKey, form: textForm([{ name: "a.txt", content: "alpha" }]), headers: { "idempotency-key": "k1" } });
    expect(ok.status).toBe(200);
    const cases: Array<[number, string, FormData, Record<string, string>?]> = [
      [400, "validation_error", textForm([], { collection_id: "x" })],
      [400, "invalid_media", textForm([{ name: "tool.exe", content: "MZ" }])],
      [403, "insufficient_funds", textForm([{ name: "b.txt", content: "bravo" }, { name: "c.txt", content: "charlie" }])],
      [409, "idempotency_conflict", textForm([{ name: "z.txt", content: "zulu" }]), { "idempotency-key": "k1" }],
    ];
    for (const [status, code, form, headers] of cases) {
      const res = await call("post /v1/batches", { apiKey, form, ...(headers && { headers }) });
      expect([res.status, res.body.error?.code]).toEqual([status, code]);
    }
    expect((await ledgerOf(accountId)).map((e) => e.type)).toEqual(["adjustment", "charge"]);
  });

  it("GET /v1/batches/{id} and /results: 200, 400 on bad query, 404 across accounts", async () => {
    const owner = await newAccount();
    const stranger = await newAccount();
    const id = await submit(owner.apiKey, ["a.txt", "b.txt"]);
    const status = await call("get /v1/batches/{id}", { apiKey: owner.apiKey, id, query: { include_errors: "true", include_job_details: "true" } });
    expect(status.status).toBe(200);
    expect(status.body.data).toMatchObject({ batch_id: id, status: "created", cancelled_at: null, counts: { queued: 2 } });
    const results = await call("get /v1/batches/{id}/results", { apiKey: owner.apiKey, id, query: { page_size: "1" } });
    expect(results.body.data.pagination).toEqual({ page: 1, page_size: 1, total_items: 2, total_pages: 2 });
    expect((await call("get /v1/batches/{id}", { apiKey: owner.apiKey, id, query: { include_errors: "maybe" } })).status).toBe(400);
    expect((await call("get /v1/batches/{id}/results", { apiKey: owner.apiKey, id, query: { page: "0" } })).status).toBe(400);
    for (const route of ["get /v1/batches/{id}", "get /v1/batches/{id}/results", "put /v1/batches/{id}/state"]) {
      for (const [apiKey, batchId] of [[stranger.apiKey, id], [owner.apiKey, "batch_unknown"]] as const) {
        const res = await call(route, { apiKey, id: batchId, json: { state: "cancelled" } });
        expect([route, res.status, res.body.error.code]).toEqual([route, 404, "not_found"]);
      }
    }
    // The stranger's cancel changed nothing.
    expect((await call("get /v1/batches/{id}", { apiKey: owner.apiKey, id })).body.data.status).toBe("created");
  });
});

describe("GET /v1/balance and GET /v1/transactions", () => {
  it("answers the balance in dollars, also to a read-only key", async () => {
    const { accountId, apiKey } = await newAccount({ credit: 2.5 });
    await submit(apiKey, ["a.txt"]);
    for (const key of [apiKey, await readOnlyKey(accountId)]) {
      const { status, body } = await call("get /v1/balance", { apiKey: key });
      expect(status).toBe(200);
      expect(body.data).toEqual({ balance: 2.46, currency: "USD" });
    }
  });

  it("lists the ledger newest first, with a type filter and cursor pages", async () => {
    const { accountId, apiKey } = await newAccount({ credit: 1 });
    const id = await submit(apiKey, ["a.txt", "b.txt"]);
    await call("put /v1/batches/{id}/state", { apiKey, id, json: { state: "cancelled" } });
    const { body } = await call("get /v1/transactions", { apiKey });
    expect(body.data.map((t: any) => t.type)).toEqual(["refund", "refund", "charge", "adjustment"]);
    expect(body.data[2]).toMatchObject({ amount: -0.08, balance_after: 0.92, batch_id: id, item_id: null });
    expect(body.data[0]).toMatchObject({ amount: 0.04, balance_after: 1, batch_id: id, item_id: expect.stringMatching(/^item_/) });
    expect(body.next_cursor).toBeNull();

    const refunds = await call("get /v1/transactions", { apiKey, query: { type: "refund" } });
    expect(refunds.body.data).toHaveLength(2);
    const pages: string[] = [];
    let cursor: string | null = null;
    do {
      const page: any = await call("get /v1/transactions", { apiKey, query: { limit: "3", ...(cursor && { cursor }) } });
      pages.push(page.body.data.length);
      cursor = page.body.next_cursor;
    } while (cursor);
    expect(pages).toEqual([3, 1]);
    const last = body.data.at(-1).id;
    expect((await call("get /v1/transactions", { apiKey, query: { cursor: encodeCursor("txn", last) } })).body).toEqual({ success: true, data: [], next_cursor: null });
    expect(balanceFromLedger(await ledgerOf(accountId))).toBe(await getBalance(getDb(), { accountId }));

    const empty = await newAccount({ credit: 0 });
    expect((await call("get /v1/transactions", { apiKey: empty.apiKey, query: { type: "charge" } })).body).toEqual({ success: true, data: [], next_cursor: null });
  });

  for (const [name, query] of [
    ["a garbage cursor", { cursor: "zzz" }],
    ["a batch cursor", { cursor: encodeCursor("batch", "batch_x") }],
    ["a non-numeric position", { cursor: encodeCursor("txn", "abc") }],
    ["an unknown type", { type: "gift" }],
    ["limit 500", { limit: "500" }],
  ] as Array<[string, Record<string, string>]>) {
    it(`GET /v1/transactions refuses ${name}: 400 validation_error`, async () => {
      const { apiKey } = await newAccount();
      const { status, body } = await call("get /v1/transactions", { apiKey, query });
      expect([status, body.error.code]).toEqual([400, "validation_error"]);
    });
  }
});

describe("GET /v1/status", () => {
  it("reports components, the job queue, capabilities and this key's rights and rate limit", async () => {
    const { accountId, apiKey } = await newAccount();
    await submit(apiKey, ["a.txt", "b.txt"]);
    const reader = await readOnlyKey(accountId);
    const { status, body, headers } = await call("get /v1/status", { apiKey: reader });
    expect(status).toBe(200);
    expect(body.data.components).toMatchObject({ database: "ok", vectors: "ok", job_queue: { queued_items: 2, processing_items: 0 } });
    expect(body.data.capabilities.text_embeddings.available).toBe(true);
    expect(body.data.api_key).toMatchObject({ capabilities: ["read"], id: expect.stringMatching(/^key_/) });
    expect(body.data.api_key.rate_limit).toEqual({
      limit: Number(headers.get("x-ratelimit-limit")),
      remaining: Number(headers.get("x-ratelimit-remaining")),
      reset: Number(headers.get("x-ratelimit-reset")),
    });
  });
});
