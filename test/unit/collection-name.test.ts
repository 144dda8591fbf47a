import { describe, expect, it } from "vitest";
import { collectionNameFromSegments } from "@/lib/collections/collection-name";
import { AppError } from "@/lib/errors";

describe("collectionNameFromSegments", () => {
  const names: Array<[string | string[], string]> = [
    ["reports", "reports"],
    [["reports", "2026"], "reports/2026"],
    // Next decodes each segment: an encoded '/' arrives inside one segment.
    [["reports/2026"], "reports/2026"],
    // A router that did not decode: the name is decoded here.
    [["reports%2F2026"], "reports/2026"],
    [["a%2Fb", "c"], "a/b/c"],
  ];
  for (const [segments, name] of names) {
    it(`${JSON.stringify(segments)} -> ${name}`, () => expect(collectionNameFromSegments(segments)).toBe(name));
  }

  for (const bad of [["bad name!"], ["a", "..", "b"], ["%E0%A4%A"], ["x".repeat(129)], [""]]) {
    it(`refuses ${JSON.stringify(bad).slice(0, 40)} with validation_error`, () => {
      expect(() => collectionNameFromSegments(bad)).toThrow(AppError);
      try {
        collectionNameFromSegments(bad);
      } catch (error) {
        expect((error as AppError).code).toBe("validation_error");
      }
    });
  }
});
