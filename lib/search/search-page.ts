import { createHash } from "node:crypto";
import { decodeCursor, encodeCursor, invalidCursor } from "@/lib/api/cursor";
import { MAX_SEARCH_DEPTH } from "@/lib/constants";
import { AppError } from "@/lib/errors";

/**
 * Search pages. A cursor holds the offset of the next page and a fingerprint of the request it
 * came from, so it only continues the same query, filters and options. Each page ranks afresh
 * with a candidate pool deep enough for it: nothing is held on the server between pages, and a
 * collection that changes between requests can shift results across a page boundary.
 */
export interface SearchPage {
  offset: number;
  /** Results needed from the top: offset + max_results. */
  depth: number;
  nextCursor: (returned: number) => string | null;
}

export function searchPage(request: { cursor?: string | undefined; max_results: number }): SearchPage {
  const { cursor, ...rest } = request;
  const fingerprint = createHash("sha256").update(JSON.stringify(rest)).digest("base64url").slice(0, 16);
  let offset = 0;
  if (cursor) {
    const [position, print] = decodeCursor("search", cursor).split(".");
    offset = Number(position);
    if (!Number.isSafeInteger(offset) || offset <= 0) throw invalidCursor();
    if (print !== fingerprint) {
      throw new AppError("validation_error", "This cursor belongs to another search: send it with the same query, collections, filters and options.", { field: "cursor" });
    }
  }
  const depth = offset + request.max_results;
  if (depth > MAX_SEARCH_DEPTH) throw new AppError("validation_error", `Search pages reach ${MAX_SEARCH_DEPTH} results deep.`, { max_allowed: MAX_SEARCH_DEPTH, requested: depth });
  return {
    offset,
    depth,
    nextCursor: (returned) => (returned === request.max_results && depth + request.max_results <= MAX_SEARCH_DEPTH ? encodeCursor("search", `${depth}.${fingerprint}`) : null),
  };
}
