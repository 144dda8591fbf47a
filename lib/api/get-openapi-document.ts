import { buildOpenApiDocument, type OpenApiDocument } from "./openapi";
import { API_ROUTES, RATE_LIMIT_NOTE } from "./routes";

const globalCache = globalThis as unknown as { __tesseraOpenApi?: OpenApiDocument };

/** The document never changes while the process runs, so it is built once. */
export function getOpenApiDocument(): OpenApiDocument {
  globalCache.__tesseraOpenApi ??= buildOpenApiDocument(API_ROUTES, {
    description: `Turns batches of files into vector embeddings. Every error has the envelope {success: false, error: {code, message, details}}. ${RATE_LIMIT_NOTE} Keyed responses carry X-RateLimit-Limit, X-RateLimit-Remaining and X-RateLimit-Reset.`,
  });
  return globalCache.__tesseraOpenApi;
}
