import type { z } from "zod";
import { SearchRequest } from "@/lib/search/search-schemas";

/** How the playground's "mode" maps onto the API's lexical_weight (hybrid keeps the API default). */
export const SEARCH_MODES = {
  hybrid: { label: "Hybrid (vector + full text)", lexicalWeight: undefined },
  vector: { label: "Vector only", lexicalWeight: 0 },
  lexical: { label: "Full text only", lexicalWeight: 1 },
} as const;
export type SearchMode = keyof typeof SEARCH_MODES;

/** The playground's form, as strings: what the URL keeps (?q=...&mode=...&c=a&c=b). */
export interface SearchForm {
  q: string;
  mode: SearchMode;
  type: string;
  limit: string;
  min: string;
  collections: string[];
}

export function formFromParams(params: URLSearchParams): SearchForm {
  const mode = params.get("mode");
  return {
    q: params.get("q") ?? "",
    mode: mode && mode in SEARCH_MODES ? (mode as SearchMode) : "hybrid",
    type: params.get("type") ?? "",
    limit: params.get("limit") ?? "",
    min: params.get("min") ?? "",
    collections: params.getAll("c"),
  };
}

export function paramsFromForm(form: SearchForm): URLSearchParams {
  const params = new URLSearchParams();
  if (form.q.trim()) params.set("q", form.q.trim());
  if (form.mode !== "hybrid") params.set("mode", form.mode);
  if (form.type) params.set("type", form.type);
  if (form.limit) params.set("limit", form.limit);
  if (form.min) params.set("min", form.min);
  for (const c of form.collections) params.append("c", c);
  return params;
}

/** zod's messages are for developers; the limits themselves come from the API's schema. */
function friendly(issue: z.core.$ZodIssue): string {
  if (issue.code === "too_big") return `Use at most ${String(issue.maximum)}.`;
  if (issue.code === "too_small") return `Use at least ${String(issue.minimum)}.`;
  if (issue.code === "invalid_type") return issue.expected === "int" ? "Use a whole number." : "Enter a number.";
  return issue.message;
}

const numberOrText = (v: string) => (v.trim() === "" ? undefined : Number.isFinite(Number(v)) ? Number(v) : v);

/**
 * The POST /v1/search body for a form, checked with the API's own schema: errors come back
 * keyed by form field so the page can show them before anything is sent.
 */
export function searchRequestFromForm(form: SearchForm, { withQuery = true } = {}): { body: z.input<typeof SearchRequest> } | { errors: Partial<Record<keyof SearchForm, string>> } {
  const body = {
    query: withQuery ? form.q : "image",
    collections: form.collections.length ? form.collections : ("all" as const),
    ...(form.limit && { max_results: numberOrText(form.limit) }),
    ...(form.min && { min_score: numberOrText(form.min) }),
    ...(form.type && { filters: { media_type: form.type } }),
    ...(SEARCH_MODES[form.mode].lexicalWeight !== undefined && { lexical_weight: SEARCH_MODES[form.mode].lexicalWeight }),
  };
  const parsed = SearchRequest.safeParse(body);
  if (parsed.success) {
    if (!withQuery) {
      // An image query's options: everything but the words and their weight.
      const options: Record<string, unknown> = { ...body };
      delete options.query;
      delete options.lexical_weight;
      return { body: options as z.input<typeof SearchRequest> };
    }
    return { body: body as z.input<typeof SearchRequest> };
  }
  const field: Record<string, keyof SearchForm> = { query: "q", max_results: "limit", min_score: "min", filters: "type", collections: "collections", lexical_weight: "mode" };
  const errors: Partial<Record<keyof SearchForm, string>> = {};
  for (const issue of parsed.error.issues) {
    const key = field[String(issue.path[0])];
    if (key) errors[key] ??= key === "q" ? "Type what to look for." : friendly(issue);
  }
  return { errors };
}
