// Spreadsheets in rows per second: 4 CSV files and 4 XLSX workbooks of 10,000 rows x 6 columns.

import { writeFile } from "node:fs/promises";
import path from "node:path";
import { extractSpreadsheet } from "@/lib/pipeline/extract/spreadsheets";
import { eachFile, type ExtractScenario } from "../lib/extract-scenario";
import { readBaseline } from "../lib/read-baseline";
import { writeZip } from "../lib/zip-writer";

const FILES = 4;
const ROWS = 10_000;
const HEADER = ["Region", "Product", "Units", "Revenue", "Week", "Note"];
const row = (i: number) => [["North", "South", "East", "West"][i % 4]!, `Widget ${i}`, String(i % 97), String(i * 13), String(1 + (i % 52)), "ordinary week"];

async function makeXlsx(file: string): Promise<void> {
  const cell = (v: string, r: number, c: number) => `<c r="${String.fromCharCode(65 + c)}${r}" t="inlineStr"><is><t>${v}</t></is></c>`;
  const rows = [HEADER, ...Array.from({ length: ROWS }, (_, i) => row(i))].map((cells, r) => `<row r="${r + 1}">${cells.map((v, c) => cell(v, r + 1, c)).join("")}</row>`);
  await writeZip(file, [
    ["xl/workbook.xml", `<workbook xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="Sales" sheetId="1" r:id="rId1"/></sheets></workbook>`],
    ["xl/_rels/workbook.xml.rels", `<Relationships><Relationship Id="rId1" Target="worksheets/sheet1.xml"/></Relationships>`],
    ["xl/worksheets/sheet1.xml", `<worksheet><sheetData>${rows.join("")}</sheetData></worksheet>`],
  ]);
}

export const scenario: ExtractScenario = {
  name: "Spreadsheet: CSV + XLSX",
  unit: "rows",
  async makeCorpus(dir) {
    const files: string[] = [];
    for (let i = 0; i < FILES; i++) {
      const csv = path.join(dir, `table-${i}.csv`);
      await writeFile(csv, [HEADER, ...Array.from({ length: ROWS }, (_, r) => row(r))].map((r) => r.join(",")).join("\n"));
      const xlsx = path.join(dir, `book-${i}.xlsx`);
      await makeXlsx(xlsx);
      files.push(csv, xlsx);
    }
    return files;
  },
  run: (files) =>
    eachFile(files, async (file) => Number((await extractSpreadsheet({ path: file, extension: path.extname(file) })).metadata.row_count)),
  baseline: readBaseline(() => ROWS, false),
};
