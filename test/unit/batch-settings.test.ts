import { describe, expect, it } from "vitest";
import { resolveBatchSettings } from "@/lib/batches/batch-settings";
import { AppError } from "@/lib/errors";
import { DEFAULT_CHUNK_OVERLAP, DEFAULT_CHUNK_SIZE } from "@/lib/constants";

const settings = (fields: Record<string, string>) => resolveBatchSettings(new Map(Object.entries(fields)));
const codeOf = (fn: () => unknown) => {
  try {
    fn();
  } catch (error) {
    return error instanceof AppError ? error.code : "not an AppError";
  }
  return "no error";
};

describe("batch settings", () => {
  it("defaults to the 'default' collection, no overwrite, default chunking", () => {
    expect(settings({})).toEqual({
      collectionId: "default",
      forceOverwrite: false,
      metadata: {},
      fileMetadata: {},
      chunkSize: DEFAULT_CHUNK_SIZE,
      chunkOverlap: DEFAULT_CHUNK_OVERLAP,
      skipInvalid: false,
    });
  });

  it("lets individual fields win over the same keys in batch_options", () => {
    const s = settings({
      collection_id: "from-field",
      force_overwrite: "false",
      batch_options: JSON.stringify({ collection_id: "from-options", force_overwrite: true, batch_name: "Q1" }),
    });
    expect(s).toMatchObject({ collectionId: "from-field", forceOverwrite: false, batchName: "Q1" });
  });

  it("uses batch_options when the field is absent", () => {
    expect(settings({ batch_options: JSON.stringify({ collection_id: "dept/project/type", force_overwrite: true }) })).toMatchObject({
      collectionId: "dept/project/type",
      forceOverwrite: true,
    });
  });

  it("reads booleans the way form clients send them", () => {
    expect(settings({ force_overwrite: "true" }).forceOverwrite).toBe(true);
    expect(settings({ force_overwrite: "1" }).forceOverwrite).toBe(true);
    expect(settings({ force_overwrite: "FALSE" }).forceOverwrite).toBe(false);
    expect(codeOf(() => settings({ force_overwrite: "yes please" }))).toBe("validation_error");
  });

  it("keeps metadata, callback, chunking and skip_invalid", () => {
    const s = settings({
      batch_options: JSON.stringify({ metadata: { team: "ops", year: 2026, public: false }, callback_url: "https://example.test/hook", chunk_size: 200, chunk_overlap: 20, skip_invalid: true }),
    });
    expect(s).toMatchObject({ metadata: { team: "ops", year: 2026, public: false }, callbackUrl: "https://example.test/hook", chunkSize: 200, chunkOverlap: 20, skipInvalid: true });
  });

  it.each([
    ["invalid JSON", { batch_options: "{oops" }],
    ["a JSON array", { batch_options: "[1,2]" }],
    ["an unknown key", { batch_options: JSON.stringify({ colour: "red" }) }],
    ["nested metadata", { batch_options: JSON.stringify({ metadata: { a: { b: 1 } } }) }],
    ["a reserved metadata key", { batch_options: JSON.stringify({ metadata: { media_id: "x" } }) }],
    ["an overlap as large as the chunk", { batch_options: JSON.stringify({ chunk_size: 100, chunk_overlap: 100 }) }],
    ["a tiny chunk size", { batch_options: JSON.stringify({ chunk_size: 3 }) }],
    ["a non-http callback", { batch_options: JSON.stringify({ callback_url: "ftp://example.test" }) }],
    ["a collection id with spaces", { collection_id: "my docs" }],
    ["a collection id with ..", { collection_id: "a/../b" }],
    ["an unknown field", { colour: "red" }],
  ])("refuses %s with validation_error", (_name, fields) => {
    expect(codeOf(() => settings(fields))).toBe("validation_error");
  });
});
