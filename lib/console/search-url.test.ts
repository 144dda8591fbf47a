import { describe, expect, it } from "vitest";
import { formFromParams, paramsFromForm, searchRequestFromForm, type SearchForm } from "./search-url";

const form = (over: Partial<SearchForm> = {}): SearchForm => ({ q: "harbour", mode: "hybrid", type: "", limit: "", min: "", collections: [], ...over });

describe("the search playground's URL and request", () => {
  it("round-trips the form through the URL", () => {
    const f = form({ mode: "lexical", type: "image", limit: "5", min: "0.2", collections: ["a/b", "c"] });
    expect(paramsFromForm(f).toString()).toBe("q=harbour&mode=lexical&type=image&limit=5&min=0.2&c=a%2Fb&c=c");
    expect(formFromParams(paramsFromForm(f))).toEqual(f);
    expect(formFromParams(new URLSearchParams("mode=nonsense")).mode).toBe("hybrid");
  });

  it("builds the API body: modes become lexical_weight, no collections means all", () => {
    expect(searchRequestFromForm(form())).toEqual({ body: { query: "harbour", collections: "all" } });
    expect(searchRequestFromForm(form({ mode: "vector", limit: "3", type: "document", collections: ["x"] }))).toEqual({
      body: { query: "harbour", collections: ["x"], max_results: 3, filters: { media_type: "document" }, lexical_weight: 0 },
    });
    // An image query's options carry neither the query nor the weight.
    expect(searchRequestFromForm(form({ mode: "lexical", min: "0.5" }), { withQuery: false })).toEqual({ body: { collections: "all", min_score: 0.5 } });
  });

  it("reports invalid fields with the API's own rules", () => {
    expect(searchRequestFromForm(form({ q: "  " }))).toEqual({ errors: { q: "Type what to look for." } });
    const bad = searchRequestFromForm(form({ limit: "1000", min: "abc" }));
    expect(bad).toEqual({ errors: { limit: "Use at most 100.", min: "Enter a number." } });
  });
});
