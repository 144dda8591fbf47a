import { z } from "zod";
import { ERROR_STATUS, type ErrorCode } from "@/lib/errors";
import { errorEnvelope } from "./envelope";
import type { ApiRouteSpec } from "./route-spec";

/** What every keyed route can answer besides its own errors: the wrapper's, a dependency outage and a crash. */
const KEYED_ERRORS: ErrorCode[] = ["unauthorized", "forbidden", "rate_limited", "processing_error", "service_unavailable"];

type JsonSchema = Record<string, unknown> & { properties?: Record<string, JsonSchema>; required?: string[]; description?: string };

export interface OpenApiParameter {
  name: string;
  in: "path" | "query" | "header";
  required: boolean;
  description?: string;
  schema: JsonSchema;
}

export function toJsonSchema(schema: z.ZodType, io: "input" | "output"): JsonSchema {
  const json = z.toJSONSchema(schema, { target: "draft-2020-12", io, unrepresentable: "any" }) as JsonSchema;
  // Embedded in the document, whose jsonSchemaDialect already names the draft.
  delete json.$schema;
  return json;
}

function parameters(object: z.ZodObject | undefined, location: OpenApiParameter["in"]): OpenApiParameter[] {
  if (!object) return [];
  const json = toJsonSchema(object, "input");
  return Object.entries(json.properties ?? {}).map(([name, schema]) => {
    const { description, ...rest } = schema;
    return { name, in: location, required: location === "path" || (json.required ?? []).includes(name), ...(description && { description }), schema: rest };
  });
}

const rateLimitHeaders = {
  "X-RateLimit-Limit": { description: "Requests allowed in the current hour", schema: { type: "integer" } },
  "X-RateLimit-Remaining": { description: "Requests left in the current hour", schema: { type: "integer" } },
  "X-RateLimit-Reset": { description: "Unix seconds when the window ends", schema: { type: "integer" } },
};

function errorResponses(route: ApiRouteSpec) {
  const codes = [...new Set([...route.errors, ...(route.capability ? KEYED_ERRORS : [])])];
  const byStatus = new Map<number, ErrorCode[]>();
  for (const code of codes) byStatus.set(ERROR_STATUS[code], [...(byStatus.get(ERROR_STATUS[code]) ?? []), code]);
  return Object.fromEntries(
    [...byStatus].map(([status, group]) => [
      String(status),
      {
        description: group.join(", "),
        // 401 answers before the key is known, so it carries no rate-limit headers.
        ...(route.capability &&
          status !== 401 &&
          status !== 503 && { headers: { ...rateLimitHeaders, ...(status === 429 && { "Retry-After": { description: "Seconds until the window ends", schema: { type: "integer" } } }) } }),
        // The key may not be checked (the database is down), so a 503 carries no rate-limit headers.
        ...(status === 503 && { headers: { "Retry-After": { description: "Seconds to wait before retrying", schema: { type: "integer" } } } }),
        content: { "application/json": { schema: toJsonSchema(errorEnvelope(group), "output") } },
      },
    ]),
  );
}

function operation(route: ApiRouteSpec) {
  const requestBody = route.body
    ? { required: true, content: { "application/json": { schema: toJsonSchema(route.body, "input") } } }
    : route.multipart
      ? { required: true, content: { "multipart/form-data": { schema: toJsonSchema(route.multipart, "input") } } }
      : undefined;
  return {
    operationId: `${route.method}${route.path.replace(/[{}]/g, "").replace(/[^a-zA-Z0-9]+(.)?/g, (_, c: string | undefined) => (c ?? "").toUpperCase())}`,
    summary: route.summary,
    ...(route.description && { description: route.description }),
    tags: [route.path.split("/").filter(Boolean).find((s) => s !== "v1")?.replace(/\.json$/, "") ?? "service"],
    "x-capability": route.capability,
    security: route.capability ? [{ ApiKeyAuth: [] }] : [],
    parameters: [...parameters(route.params, "path"), ...parameters(route.query, "query"), ...parameters(route.headers, "header")],
    ...(requestBody && { requestBody }),
    responses: {
      "200": {
        description: "Success",
        ...(route.capability && { headers: rateLimitHeaders }),
        content: { [route.responseContentType ?? "application/json"]: { schema: toJsonSchema(route.response, "output") } },
      },
      ...Object.fromEntries(
        Object.entries(route.otherResponses ?? {}).map(([status, r]) => [status, { description: r.description, content: { "application/json": { schema: toJsonSchema(r.schema, "output") } } }]),
      ),
      ...errorResponses(route),
    },
  };
}

export type OpenApiDocument = ReturnType<typeof buildOpenApiDocument>;

/** An OpenAPI 3.1 document for any list of routes: other areas' arrays plug in unchanged. */
export function buildOpenApiDocument(routes: readonly ApiRouteSpec[], { title = "Tessera API", version = "1.0.0", description = "" } = {}) {
  const paths: Record<string, Record<string, ReturnType<typeof operation>>> = {};
  for (const route of routes) (paths[route.path] ??= {})[route.method] = operation(route);
  const schemas = hoistDefinitions(paths);
  return {
    openapi: "3.1.0",
    jsonSchemaDialect: "https://json-schema.org/draft/2020-12/schema",
    info: { title, version, description },
    servers: [{ url: "/" }],
    components: {
      securitySchemes: { ApiKeyAuth: { type: "apiKey", in: "header", name: "X-Api-Key", description: "Also accepted as `Authorization: Bearer <key>`" } },
      schemas,
    },
    paths,
  };
}

/**
 * A recursive schema (the search filter language) comes out of zod with `$defs` and refs to
 * `#/$defs/Name`, which inside an OpenAPI document would point at the document's root. They move
 * to components.schemas, where `#/components/schemas/Name` resolves. Names come from `.meta({ id })`.
 */
function hoistDefinitions(node: unknown, schemas: Record<string, unknown> = {}): Record<string, unknown> {
  if (Array.isArray(node)) {
    for (const item of node) hoistDefinitions(item, schemas);
  } else if (node && typeof node === "object") {
    const object = node as Record<string, unknown>;
    if (typeof object.$ref === "string" && object.$ref.startsWith("#/$defs/")) object.$ref = object.$ref.replace("#/$defs/", "#/components/schemas/");
    if (object.$defs && typeof object.$defs === "object") {
      for (const [name, schema] of Object.entries(object.$defs as Record<string, unknown>)) {
        hoistDefinitions(schema, schemas);
        schemas[name] = schema;
      }
      delete object.$defs;
    }
    for (const value of Object.values(object)) hoistDefinitions(value, schemas);
  }
  return schemas;
}
