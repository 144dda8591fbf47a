import { expect } from "vitest";
import { Ajv2020 } from "ajv/dist/2020.js";
import addFormats from "ajv-formats";
import { getOpenApiDocument } from "@/lib/api/get-openapi-document";
import { GET as getBalance } from "@/app/v1/balance/route";
import { GET as listBatches, POST as postBatches } from "@/app/v1/batches/route";
import { GET as getBatch } from "@/app/v1/batches/[id]/route";
import { GET as getResults } from "@/app/v1/batches/[id]/results/route";
import { PUT as putState } from "@/app/v1/batches/[id]/state/route";
import { GET as getOpenApi } from "@/app/v1/openapi.json/route";
import { GET as getStatus } from "@/app/v1/status/route";
import { GET as getTransactions } from "@/app/v1/transactions/route";
import { GET as getHealth } from "@/app/health/route";
import { GET as listMedia, POST as postMedia } from "@/app/v1/media/route";
import { DELETE as deleteMedia, GET as getMedia, PATCH as patchMedia } from "@/app/v1/media/[id]/route";
import { GET as getMediaPreview } from "@/app/v1/media/[id]/previews/[n]/route";
import { DELETE as deleteMediaBatch } from "@/app/v1/media/batch/route";
import { GET as listCollections } from "@/app/v1/media/collections/route";
import { DELETE as deleteCollection, POST as moveToCollection } from "@/app/v1/media/collections/[...id]/route";
import { POST as search } from "@/app/v1/search/route";
import { POST as similar } from "@/app/v1/search/similar/route";

type Handler = (request: Request, route: { params: Promise<any> }) => Promise<Response>;

/** Each "method path" of the OpenAPI document and the route handler that serves it. */
export const HANDLERS: Record<string, Handler> = {
  "post /v1/batches": postBatches,
  "get /v1/batches": listBatches,
  "get /v1/batches/{id}": getBatch,
  "get /v1/batches/{id}/results": getResults,
  "put /v1/batches/{id}/state": putState,
  "get /v1/balance": getBalance,
  "get /v1/transactions": getTransactions,
  "get /v1/status": getStatus,
  "get /v1/openapi.json": getOpenApi as Handler,
  "get /health": getHealth as Handler,
  "post /v1/media": postMedia,
  "get /v1/media": listMedia,
  "get /v1/media/{id}": getMedia,
  "get /v1/media/{id}/previews/{n}": getMediaPreview,
  "patch /v1/media/{id}": patchMedia,
  "delete /v1/media/{id}": deleteMedia,
  "delete /v1/media/batch": deleteMediaBatch,
  "get /v1/media/collections": listCollections,
  // One catch-all route serves both collection paths: Next hands it the path segments.
  "post /v1/media/collections/{id}/items": (request, route) => moveToCollection(request, { params: route.params.then((p) => ({ id: [...String(p.id).split("/"), "items"] })) }),
  "delete /v1/media/collections/{id}": (request, route) => deleteCollection(request, { params: route.params.then((p) => ({ id: String(p.id).split("/") })) }),
  "post /v1/search": search,
  "post /v1/search/similar": similar,
};

const ajv = new Ajv2020({ strict: false, allErrors: true });
addFormats(ajv);
const validators = new Map<string, ReturnType<typeof ajv.compile>>();

/** Fails unless the document lists this status for the route and the body matches its schema. */
export function expectDocumented(route: string, status: number, body: unknown) {
  const [method, path] = route.split(" ") as [string, string];
  const operation = (getOpenApiDocument().paths as Record<string, Record<string, { responses: Record<string, any> }>>)[path]?.[method];
  expect(operation, `${route} is in the OpenAPI document`).toBeDefined();
  const response = operation!.responses[String(status)];
  expect(response, `${route} documents status ${status}`).toBeDefined();
  const key = `${route} ${status}`;
  if (!validators.has(key)) validators.set(key, ajv.compile(response.content["application/json"].schema));
  const validate = validators.get(key)!;
  const valid = validate(body);
  expect(valid ? [] : validate.errors, `${key} body matches the document`).toEqual([]);
}

/** A binary success (a preview's image): the document must list that media type for the status. */
function expectDocumentedBinary(route: string, status: number, contentType: string) {
  const [method, path] = route.split(" ") as [string, string];
  const operation = (getOpenApiDocument().paths as Record<string, Record<string, { responses: Record<string, any> }>>)[path]?.[method];
  expect(Object.keys(operation?.responses[String(status)]?.content ?? {}), `${route} documents ${contentType} for ${status}`).toContain(contentType);
}

export interface Call {
  apiKey?: string;
  id?: string;
  /** The second path parameter ({n} of a preview). */
  n?: string;
  query?: Record<string, string>;
  json?: unknown;
  rawBody?: string;
  form?: FormData;
  headers?: Record<string, string>;
}

/** Calls the real route handler the way Next would, and checks the answer against the document. */
export async function call(route: string, { apiKey, id, n, query, json, rawBody, form, headers = {} }: Call = {}) {
  const [method, pathTemplate] = route.split(" ") as [string, string];
  const url = new URL(`http://tessera.test${pathTemplate.replace("{id}", encodeURIComponent(id ?? "")).replace("{n}", encodeURIComponent(n ?? ""))}`);
  for (const [k, v] of Object.entries(query ?? {})) url.searchParams.set(k, v);
  const canHaveBody = method !== "get";
  const body = !canHaveBody ? undefined : (form ?? (rawBody !== undefined ? rawBody : json !== undefined ? JSON.stringify(json) : undefined));
  const request = new Request(url, {
    method: method.toUpperCase(),
    headers: { ...(apiKey && { "x-api-key": apiKey }), ...(canHaveBody && !form && json !== undefined && { "content-type": "application/json" }), ...headers },
    ...(body !== undefined && { body }),
  });
  const response = await HANDLERS[route]!(request, { params: Promise.resolve({ ...(id !== undefined && { id }), ...(n !== undefined && { n }) }) });
  const contentType = response.headers.get("content-type") ?? "";
  if (response.ok && !contentType.startsWith("application/json")) {
    expectDocumentedBinary(route, response.status, contentType);
    return { status: response.status, body: null as any, bytes: Buffer.from(await response.arrayBuffer()), headers: response.headers };
  }
  const parsed = (await response.json()) as any;
  expectDocumented(route, response.status, parsed);
  return { status: response.status, body: parsed, headers: response.headers };
}

export function textForm(files: Array<{ name: string; content: string }>, fields: Record<string, string> = {}) {
  const form = new FormData();
  for (const f of files) form.append("file", new Blob([f.content], { type: "text/plain" }), f.name);
  for (const [k, v] of Object.entries(fields)) form.append(k, v);
  return form;
}
