import { describe, expect, it } from "vitest";
import { attributesOfFile, parseFileMetadata } from "@/lib/batches/file-metadata";
import { Attributes, mergeAttributes, vectorAttributes } from "@/lib/media/attributes";
import { AppError } from "@/lib/errors";

describe("attributes", () => {
  it("merge a file's entry over the batch's metadata; null drops a batch key", () => {
    const fileMetadata = parseFileMetadata(JSON.stringify({ "a.txt": { attributes: { team: null, year: 2024 }, external_id: " doc-1 " } }));
    expect(attributesOfFile({ metadata: { team: "alpha", year: 2020 }, fileMetadata }, "a.txt")).toEqual({ attributes: { year: 2024 }, externalId: "doc-1" });
    expect(attributesOfFile({ metadata: { team: "alpha" }, fileMetadata }, "b.txt")).toEqual({ attributes: { team: "alpha" }, externalId: null });
  });

  it("name the broken key rule in the message", () => {
    for (const [key, text] of [
      ["_t_x", "starts with a letter"],
      ["media_type", "reserved"],
      ["k".repeat(65), "1-64"],
      ["a b", "starts with a letter"],
    ] as const) {
      const parsed = Attributes.safeParse({ [key]: 1 });
      expect(parsed.success, key).toBe(false);
      expect(parsed.error!.issues[0]!.message, key).toContain(text);
    }
    expect(Attributes.safeParse({ "source.url": "https://x", "year-1": 2, ok_2: true }).success).toBe(true);
  });

  it("refuse non-finite and unsafe numbers, nested values and more than 32 keys once merged", () => {
    expect(Attributes.safeParse({ n: 2 ** 53 }).success).toBe(false);
    expect(Attributes.safeParse({ n: 1.5e300 }).success).toBe(false); // a double that large is whole, and unsafe
    expect(Attributes.safeParse({ n: -0.25 }).success).toBe(true);
    expect(Attributes.safeParse({ n: { a: 1 } }).success).toBe(false);
    expect(Attributes.safeParse({ n: [1] }).success).toBe(false);
    const many = (prefix: string) => Object.fromEntries(Array.from({ length: 20 }, (_, i) => [`${prefix}${i}`, i]));
    expect(() => mergeAttributes(many("a"), many("b"), "file_metadata 'x'")).toThrow(AppError);
  });

  it("add a type marker per key to vector metadata: s, b, i (whole number) or f", () => {
    expect(vectorAttributes({ s: "x", b: false, i: -3, f: 0.5 })).toEqual({ s: "x", _t_s: "s", b: false, _t_b: "b", i: -3, _t_i: "i", f: 0.5, _t_f: "f" });
  });
});
