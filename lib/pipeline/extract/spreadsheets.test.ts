import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { csvDelimiter } from "@/lib/pipeline/extract/csv-rows";
import { extractSpreadsheet } from "@/lib/pipeline/extract/spreadsheets";
import { ItemError } from "@/lib/pipeline/types";

const dir = path.resolve(import.meta.dirname, "../../../test/fixtures/spreadsheets");
const tmp = mkdtempSync(path.join(tmpdir(), "tessera-sheets-"));
const PHRASE = "Velvet harbour lanterns sold out";
const extract = (file: string) => extractSpreadsheet({ path: path.join(dir, file), extension: path.extname(file), filename: file });

async function codeOf(promise: Promise<unknown>): Promise<string> {
  const err = await promise.then(() => null, (e: unknown) => e);
  expect(err).toBeInstanceOf(ItemError);
  return (err as ItemError).code;
}

describe("extractSpreadsheet", () => {
  it.each(["sample.xlsx", "sample.xls", "sample.ods"])("reads every sheet of %s as rows with their headers, in labelled groups", async (file) => {
    const { sections, metadata, description } = await extract(file);
    expect(sections.map((s) => s.label)).toEqual(["Sales, rows 2-21", "Sales, rows 22-40", "Sales, rows 41-46", "Costs, rows 2-5"]);
    const hit = sections.find((s) => s.text.includes(PHRASE));
    expect(hit?.label).toBe("Sales, rows 22-40");
    expect(hit?.text).toContain(`Region: South; Product: Widget 37; Revenue: 3700; Note: ${PHRASE}`);
    // Every row line names its columns, so every chunk carries the header context.
    for (const s of sections) for (const line of s.text.split("\n")) expect(line).toMatch(/^(Region: .*; Product: .*; Revenue: .*; Note: |Item: .*; Amount: 250$)/);
    expect(sections.every((s) => s.text.length <= 1_600)).toBe(true);
    expect(metadata).toMatchObject({ sheet_count: 2, row_count: 49 });
    expect(description).toBe(`Spreadsheet '${file}' with sheets Sales (45 rows), Costs (4 rows); columns: Region, Product, Revenue, Note, Item, Amount.`);
  });

  it.each(["sample.csv", "sample.tsv"])("reads %s as one table with its header on every row", async (file) => {
    const { sections, description } = await extract(file);
    expect(sections.map((s) => s.label)).toEqual([`${file}, rows 2-21`, `${file}, rows 22-40`, `${file}, rows 41-46`]);
    expect(sections[1]?.text).toContain(`Region: South; Product: Widget 37; Revenue: 3700; Note: ${PHRASE}`);
    expect(description).toBe(`${file.endsWith("csv") ? "CSV" : "TSV"} table '${file}' with 45 rows; columns: Region, Product, Revenue, Note.`);
  });

  it("names columns without a header by their letter and skips empty cells", async () => {
    const file = path.join(tmp, "gaps.csv");
    writeFileSync(file, "Name,,Town\nAda,42,\n,,\nBen,,Oslo\n");
    const { sections } = await extractSpreadsheet({ path: file, extension: ".csv" });
    expect(sections).toEqual([{ label: "data.csv, rows 2-4", text: "Name: Ada; Column B: 42\nName: Ben; Town: Oslo" }]);
  });

  // One cell at the sheet's last column listed 16,384 "Column X" names: 164 chunks, charged.
  it("lists only the columns that hold something, however far to the right a lone cell sits", async () => {
    const file = path.join(tmp, "far-cell.csv");
    writeFileSync(file, `${",".repeat(16_383)}Total\n`);
    const { sections, description } = await extractSpreadsheet({ path: file, extension: ".csv", filename: "far-cell.csv" });
    expect(sections).toEqual([{ label: "far-cell.csv, row 1", text: "Columns: Total" }]);
    expect(description).toContain("columns: Total.");
  });

  it.each(["truncated.xlsx", "truncated.xls", "truncated.ods", "bomb.xlsx", "corrupt.csv"])("refuses %s as corrupt_media quickly", async (file) => {
    const started = Date.now();
    expect(await codeOf(extract(file))).toBe("corrupt_media");
    expect(Date.now() - started).toBeLessThan(5_000);
  });

  it("fails a sheet over the cell limit with content_limit_exceeded, before reading it all", async () => {
    const file = path.join(tmp, "huge.csv");
    writeFileSync(file, `a,b,c,d,e\n${"1,2,3,4,5\n".repeat(210_000)}`);
    expect(await codeOf(extractSpreadsheet({ path: file, extension: ".csv" }))).toBe("content_limit_exceeded");
  });

  it("never expands ODS repeated empty rows and columns", async () => {
    // Calc writes the unused rest of a sheet as one row repeated ~a million times.
    const { sections } = await extract("sample.ods");
    expect(sections.at(-1)?.label).toBe("Costs, rows 2-5");
  });
});

describe("csvDelimiter", () => {
  it("finds semicolons, pipes and tabs that the first lines agree on, and keeps commas otherwise", () => {
    expect(csvDelimiter("Index;Name;Price\n1;Ada;3,50\n2;Ben;4,10\n")).toBe(";");
    expect(csvDelimiter("Index|Name|City\n1|Ada|Oslo\n2|Ben|Rome\n")).toBe("|");
    expect(csvDelimiter("a\tb\tc\n1\t2\t3\n")).toBe("\t");
    expect(csvDelimiter('name,note\n"Ada","likes; semicolons | pipes"\nBen,plain\n')).toBe(",");
    expect(csvDelimiter("just one column\nsecond line\n")).toBe(",");
  });
});
