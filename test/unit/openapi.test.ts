import { describe, expect, it } from "vitest";
import { z } from "zod";
import { decodeCursor, encodeCursor } from "@/lib/api/cursor";
import { buildOpenApiDocument } from "@/lib/api/openapi";
import type { ApiRouteSpec } from "@/lib/api/route-spec";
import { schemaFields } from "@/lib/api/schema-fields";
import { AppError } from "@/lib/errors";

describe("cursors", () => {
  it("round-trip, and refuse another kind, garbage and non-canonical encodings", () => {
    expect(decodeCursor("batch", encodeCursor("batch", "batch_abc"))).toBe("batch_abc");
    for (const bad of [encodeCursor("txn", 3), "!!!", "", Buffer.from("batch:").toString("base64url"), `${encodeCursor("batch", "x")}=`]) {
      expect(() => decodeCursor("batch", bad), bad).toThrow(AppError);
    }
  });
});

describe("the OpenAPI generator", () => {
  // A route from another area, as the media and collections branches will add them.
  const route: ApiRouteSpec = {
    method: "delete",
    path: "/v1/things/{id}",
    summary: "Delete a thing",
    capability: "delete",
    params: z.object({ id: z.string() }),
    query: z.object({ hard: z.enum(["true", "false"]).optional().describe("Skip the bin") }),
    response: z.object({ success: z.literal(true), data: z.object({ deleted: z.boolean() }) }),
    errors: ["not_found", "validation_error", "invalid_media"],
  };

  it("describes any route: parameters, security, and one response per status holding exactly its codes", () => {
    const doc = buildOpenApiDocument([route]);
    const op = doc.paths["/v1/things/{id}"]!.delete!;
    expect(op.security).toEqual([{ ApiKeyAuth: [] }]);
    expect(op["x-capability"]).toBe("delete");
    expect(op.parameters).toEqual([
      { name: "id", in: "path", required: true, schema: { type: "string" } },
      { name: "hard", in: "query", required: false, description: "Skip the bin", schema: { type: "string", enum: ["true", "false"] } },
    ]);
    const codesOf = (status: string) => (op.responses as any)[status].content["application/json"].schema.properties.error.properties.code.enum;
    expect(Object.keys(op.responses).sort()).toEqual(["200", "400", "401", "403", "404", "429", "500", "503"]);
    expect(codesOf("400")).toEqual(["validation_error", "invalid_media"]);
    expect(codesOf("403")).toEqual(["forbidden"]);
    expect((op.responses as any)["429"].headers["Retry-After"]).toBeDefined();
    expect((op.responses as any)["401"].headers).toBeUndefined();
    // A dependency outage: every keyed route can answer it, with Retry-After and no rate-limit headers.
    expect(codesOf("503")).toEqual(["service_unavailable"]);
    expect(Object.keys((op.responses as any)["503"].headers)).toEqual(["Retry-After"]);
  });

  it("flattens response schemas into the reference page's rows", () => {
    const json = z.toJSONSchema(z.object({ data: z.object({ items: z.array(z.object({ id: z.string().describe("The id") })), n: z.number().nullable().optional() }) }));
    expect(schemaFields(json as Record<string, unknown>)).toEqual([
      { name: "data", type: "object", required: true },
      { name: "data.items", type: "array of object", required: true },
      { name: "data.items[].id", type: "string", required: true, description: "The id" },
      { name: "data.n", type: "number | null", required: false },
    ]);
  });

  it("moves recursive schemas to components.schemas, where their refs resolve, and names them in the reference rows", () => {
    type Tree = { leaf: string } | { all: Tree[] };
    const Tree: z.ZodType<Tree> = z.lazy(() => z.union([z.strictObject({ leaf: z.string() }), z.strictObject({ all: z.array(Tree) })])).meta({ id: "Tree" });
    const doc = buildOpenApiDocument([{ ...route, method: "post", body: z.object({ filter: Tree.optional() }) }]);
    const body = (doc.paths["/v1/things/{id}"]!.post as any).requestBody.content["application/json"].schema;
    expect(body.properties.filter).toEqual({ $ref: "#/components/schemas/Tree" });
    expect(JSON.stringify(doc)).not.toContain("#/$defs/");
    expect(JSON.stringify((doc.components as any).schemas.Tree)).toContain('"$ref":"#/components/schemas/Tree"');
    expect(schemaFields(body)).toEqual([{ name: "filter", type: "Tree", required: false }]);
  });
});
