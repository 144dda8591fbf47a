import { buildOpenApiDocument, type OpenApiDocument } from "./openapi";
import { BOOLEAN_RULE } from "./query";
import { API_ROUTES, RATE_LIMIT_NOTE } from "./routes";

const globalCache = globalThis as unknown as { __tesseraOpenApi?: OpenApiDocument };

/** The document never changes while the process runs, so it is built once. */
export function getOpenApiDocument(): OpenApiDocument {
  globalCache.__tesseraOpenApi ??= buildOpenApiDocument(API_ROUTES, {
    description: `Turns batches of files into vector embeddings. Every error has the envelope {success: false, error: {code, message, details}}. ${RATE_LIMIT_NOTE} Keyed responses carry X-RateLimit-Limit, X-RateLimit-Remaining and X-RateLimit-Reset. Booleans sent as text (form fields such as force_overwrite, query parameters such as include_errors) follow one rule: ${BOOLEAN_RULE}; anything else (yes, on, empty) is a validation_error. JSON bodies take JSON true and false. Another method on a known path is 405 method_not_allowed (Allow lists the methods), an unknown /v1 path 404 not_found.`,
  });
  return globalCache.__tesseraOpenApi;
}
