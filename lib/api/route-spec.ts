import type { z } from "zod";
import type { Capability } from "@/lib/api-keys/generate-api-key";
import type { ErrorCode } from "@/lib/errors";

/**
 * What one public endpoint accepts and returns, described with the same zod schemas its
 * handler uses. Every /v1 route has one; GET /v1/openapi.json is generated from the list.
 */
export interface ApiRouteSpec {
  method: "get" | "post" | "put" | "patch" | "delete";
  /** OpenAPI path, e.g. "/v1/batches/{id}". */
  path: string;
  summary: string;
  /** Longer prose for the reference page: semantics a schema cannot say. */
  description?: string;
  /** null for routes without a key (GET /health). */
  capability: Capability | null;
  params?: z.ZodObject;
  query?: z.ZodObject;
  /** Request headers besides the API key. */
  headers?: z.ZodObject;
  /** A JSON body; for multipart uploads describe the fields in `multipart`. */
  body?: z.ZodType;
  multipart?: z.ZodObject;
  /** The whole 200 response body, envelope included. */
  response: z.ZodType;
  /** The 200 response's media type when it is not JSON (a preview's image/webp). */
  responseContentType?: string;
  /** Error codes this route can answer with (besides those of authentication). */
  errors: ErrorCode[];
  /** Non-error answers besides 200 that are not the error envelope (GET /health's 503). */
  otherResponses?: Record<number, { description: string; schema: z.ZodType }>;
}
