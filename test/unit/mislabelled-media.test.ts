import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { sniffMedia } from "@/lib/pipeline/detect";

const fixtures = path.resolve(import.meta.dirname, "../fixtures");
const read = (file: string) => readFileSync(path.join(fixtures, file));
const sniff = (extension: string, bytes: Buffer) => sniffMedia({ extension, head: bytes.subarray(0, 8192), size: bytes.length });

// Mislabelled files never reach an extractor: submission sniffs them and refuses them unpaid.
describe("mislabelled web, e-book, presentation and spreadsheet files", () => {
  const png = read("documents/not-really.pdf");
  it.each([".html", ".htm", ".hml", ".xml", ".json", ".epub", ".eml", ".pptx", ".odp", ".csv", ".tsv", ".xlsx", ".xls", ".ods"])(
    "refuses a PNG named %s",
    (extension) => {
      expect(sniff(extension, png)).toEqual({ ok: false, reason: expect.stringContaining("PNG image data") });
    },
  );

  it.each([
    [".epub", "spreadsheets/sample.ods", "an OpenDocument spreadsheet"],
    [".odp", "spreadsheets/sample.ods", "an OpenDocument spreadsheet"],
    [".ods", "presentations/sample.odp", "an OpenDocument presentation"],
    [".xls", "spreadsheets/sample.xlsx", "a ZIP archive"],
    [".json", "web/sample.html", "XML/HTML text"],
  ])("refuses a %s that is really %s", (extension, file, seen) => {
    expect(sniff(extension, read(file))).toEqual({ ok: false, reason: expect.stringContaining(seen) });
  });

  it.each([
    [".html", "web/sample.html"], [".json", "web/sample.json"], [".xml", "web/sample.xml"], [".epub", "ebooks/sample.epub"],
    [".eml", "ebooks/sample.eml"], [".pptx", "presentations/sample.pptx"], [".odp", "presentations/sample.odp"],
    [".csv", "spreadsheets/sample.csv"], [".tsv", "spreadsheets/sample.tsv"], [".xlsx", "spreadsheets/sample.xlsx"],
    [".xls", "spreadsheets/sample.xls"], [".ods", "spreadsheets/sample.ods"],
  ])("accepts the real %s fixture", (extension, file) => {
    expect(sniff(extension, read(file))).toEqual({ ok: true });
  });
});
