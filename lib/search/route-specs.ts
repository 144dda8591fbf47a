import type { ApiRouteSpec } from "@/lib/api/route-spec";
import { SearchRequest, SearchResponse, SimilarRequest, SimilarResponse } from "./search-schemas";

/** /v1/search and /v1/search/similar, for GET /v1/openapi.json; the handlers parse with these same schemas. */
export const SEARCH_ROUTES: ApiRouteSpec[] = [
  {
    method: "post",
    path: "/v1/search",
    summary: "Search the account's collections by meaning, by words, or both (hybrid)",
    capability: "read",
    body: SearchRequest,
    response: SearchResponse,
    errors: ["validation_error", "not_found", "payload_too_large"],
  },
  {
    method: "post",
    path: "/v1/search/similar",
    summary: "Media similar to a given media",
    capability: "read",
    body: SimilarRequest,
    response: SimilarResponse,
    errors: ["validation_error", "not_found", "payload_too_large"],
  },
];
