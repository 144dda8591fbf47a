import { beforeEach, describe, expect, it } from "vitest";
import { configuredProviders, parseCollectionEmbeddings, providersFor, resetEmbeddingConfig } from "./config";

// lib/env parses process.env once per test file (each file gets fresh modules).
process.env.TEXT_EMBEDDINGS = "offline";
process.env.VISUAL_EMBEDDINGS = "none";
process.env.COLLECTION_EMBEDDINGS = JSON.stringify({
  "photos/raw": { visual: "offline" },
  "photos/*": { text: "transformers", visual: "transformers" },
  "*-openai": { text: "openai" },
});

beforeEach(resetEmbeddingConfig);

describe("per-collection provider choice", () => {
  it("uses the defaults when no glob matches, or with no collection", () => {
    expect(providersFor("invoices")).toEqual({ text: "offline", visual: "none" });
    expect(providersFor()).toEqual({ text: "offline", visual: "none" });
  });

  it("takes the first matching glob in the JSON's order, space by space", () => {
    expect(providersFor("photos/raw")).toEqual({ text: "offline", visual: "offline" });
    expect(providersFor("photos/2024/summer")).toEqual({ text: "transformers", visual: "transformers" });
    expect(providersFor("docs-openai")).toEqual({ text: "openai", visual: "none" });
    expect(providersFor("photos")).toEqual({ text: "offline", visual: "none" });
  });

  it("lists every provider some collection may use, for loading at start-up", () => {
    const all = configuredProviders();
    expect(new Set(all.text)).toEqual(new Set(["offline", "transformers", "openai"]));
    expect(new Set(all.visual)).toEqual(new Set(["none", "offline", "transformers"]));
  });

  it("refuses malformed JSON and unknown providers, naming the variable", () => {
    expect(() => parseCollectionEmbeddings("{nope")).toThrow("COLLECTION_EMBEDDINGS is not valid JSON");
    expect(() => parseCollectionEmbeddings('{"a/*": {"text": "word2vec"}}')).toThrow(/COLLECTION_EMBEDDINGS: a\/\*\.text/);
    expect(() => parseCollectionEmbeddings('{"a/*": {"audio": "offline"}}')).toThrow("COLLECTION_EMBEDDINGS");
  });
});
