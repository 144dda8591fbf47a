import { ItemError, type Extraction, type Extractor, type ExtractedSection } from "@/lib/pipeline/types";
import { readCsv } from "@/lib/pipeline/extract/csv-rows";
import { ensureReadable, listShort, quoted, TextBudget, throwIfCancelled } from "@/lib/pipeline/extract/guards";
import { refuseEncryptedOffice } from "@/lib/pipeline/extract/password-protected";
import { readOds } from "@/lib/pipeline/extract/ods-rows";
import { putText } from "@/lib/pipeline/extract/sections";
import { CellBudget, type Sheet } from "@/lib/pipeline/extract/sheet-model";
import { sheetSections, type SheetSummary } from "@/lib/pipeline/extract/sheet-sections";
import { readXls } from "@/lib/pipeline/extract/xls-rows";
import { readXlsx } from "@/lib/pipeline/extract/xlsx-rows";

/** .csv .tsv .xlsx .xls .ods: rows with their headers, one section per group of rows per sheet. */
export const extractSpreadsheet: Extractor = async ({ path, extension, filename, signal }) => {
  throwIfCancelled(signal);
  await ensureReadable(path);
  if (extension === ".xlsx" || extension === ".xls") await refuseEncryptedOffice(path, extension);
  const cells = new CellBudget();
  const metadata: Extraction["metadata"] = {};
  let sheets: Sheet[];
  switch (extension) {
    case ".csv":
    case ".tsv": {
      const read = await readCsv(path, extension, filename ?? `data${extension}`, cells);
      sheets = read.sheets;
      metadata.encoding = read.encoding;
      break;
    }
    case ".xlsx":
    case ".ods": {
      const read = await (extension === ".xlsx" ? readXlsx : readOds)(path, cells, signal);
      sheets = read.sheets;
      putText(metadata, "title", read.title);
      break;
    }
    case ".xls":
      sheets = (await readXls(path, cells, signal)).sheets;
      break;
    default:
      throw new ItemError("unsupported_media", `${extension || "this file type"} is not a spreadsheet type`);
  }
  throwIfCancelled(signal);
  const budget = new TextBudget();
  const sections: ExtractedSection[] = [];
  const summaries: SheetSummary[] = [];
  for (const sheet of sheets) {
    const out = sheetSections(sheet, budget);
    sections.push(...out.sections);
    summaries.push(out.summary);
  }
  metadata.sheet_count = sheets.length;
  metadata.row_count = summaries.reduce((n, s) => n + s.rows, 0);
  metadata.characters = sections.reduce((n, s) => n + s.text.length, 0);
  return { sections, metadata, description: describe(extension, filename, summaries) };
};

function describe(extension: string, filename: string | undefined, sheets: SheetSummary[]): string {
  const kind = extension === ".csv" ? "CSV table" : extension === ".tsv" ? "TSV table" : "Spreadsheet";
  const withRows = sheets.filter((s) => s.columns.length > 0);
  const list = listShort(withRows.map((s) => `${s.name} (${s.rows} rows)`), 6);
  const where = extension === ".csv" || extension === ".tsv" ? `with ${withRows[0]?.rows ?? 0} rows` : `with sheets ${list || "(all empty)"}`;
  const columns = [...new Set(withRows.flatMap((s) => s.columns))];
  return `${kind}${quoted(filename)} ${where}${columns.length ? `; columns: ${listShort(columns, 12)}` : ""}.`;
}
