import { describe, expect, it } from "vitest";
import { detectCapabilities } from "@/lib/capabilities";

// lib/env parses process.env once per test file.
process.env.TEXT_EMBEDDINGS = "openai";
process.env.OPENAI_EMBEDDINGS_MODEL = "text-embedding-3-small";
process.env.OPENAI_EMBEDDINGS_DIMENSIONS = "1536";
process.env.VISUAL_EMBEDDINGS = "transformers";
process.env.TRANSFORMERS_MODEL_DIR = "/nonexistent/models";
process.env.TRANSFORMERS_CLIP_MODEL = "openai/clip-vit-base-patch32";

describe("embedding capability probes", () => {
  it("report the configured text provider, and a visual provider that cannot load with its reason", async () => {
    const capabilities = await detectCapabilities();
    expect(capabilities.text_embeddings).toMatchObject({ available: true, detail: "openai/text-embedding-3-small (1536-d)" });
    expect(capabilities.visual_embeddings).toMatchObject({
      available: false,
      detail: "Model folder /nonexistent/models/openai/clip-vit-base-patch32 (TRANSFORMERS_CLIP_MODEL) does not exist. Pictures get no visual vectors.",
    });
  });
});
