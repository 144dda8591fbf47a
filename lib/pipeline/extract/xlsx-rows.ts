import path from "node:path/posix";
import { ItemError } from "@/lib/pipeline/types";
import { readZip } from "@/lib/pipeline/extract/safe-zip";
import { checkColumns, columnIndex, trimRows, type CellBudget, type Sheet, type SheetRow } from "@/lib/pipeline/extract/sheet-model";
import { elementTexts, localName, parseXml } from "@/lib/pipeline/extract/xml";

/**
 * XLSX read from its parts through safe-zip (the bomb limits) and saxes: no spreadsheet
 * library. Values are the stored ones (numbers unformatted, formulas as their last result).
 */
export async function readXlsx(file: string, budget: CellBudget, signal?: AbortSignal): Promise<{ sheets: Sheet[]; title?: string }> {
  const keep = (n: string) => n === "docProps/core.xml" || /^xl\/(workbook\.xml|_rels\/workbook\.xml\.rels|sharedStrings\.xml|worksheets\/[^/]+\.xml)$/.test(n);
  const parts = await readZip(file, { keep, skipOthers: true, signal, format: "XLSX" });
  const workbook = parts.get("xl/workbook.xml")?.toString("utf8");
  if (!workbook) throw new ItemError("corrupt_media", "XLSX file could not be read: it has no xl/workbook.xml");
  const targets = relationships(parts.get("xl/_rels/workbook.xml.rels")?.toString("utf8") ?? "");
  const shared = sharedStrings(parts.get("xl/sharedStrings.xml")?.toString("utf8") ?? "", budget);
  const listed: { name: string; part?: string }[] = [];
  parseXml(workbook, "XLSX workbook", {
    open: (tag) => {
      if (localName(tag.name) !== "sheet") return;
      const target = targets.get(String(tag.attributes["r:id"] ?? ""));
      const part = target && (target.startsWith("/") ? target.slice(1) : path.normalize(path.join("xl", target)));
      listed.push({ name: String(tag.attributes.name ?? `Sheet ${listed.length + 1}`), part });
    },
  });
  const sheets: Sheet[] = [];
  for (const { name, part } of listed) {
    if (signal?.aborted) throw new ItemError("timeout", "extraction was cancelled");
    const xml = part ? parts.get(part) : undefined;
    sheets.push({ name, rows: xml ? readSheet(xml.toString("utf8"), shared, budget) : [] });
  }
  const title = elementTexts(parts.get("docProps/core.xml")?.toString("utf8") ?? "<x/>", "XLSX properties", "title")[0];
  return { sheets, ...(title && { title }) };
}

function relationships(xml: string): Map<string, string> {
  const map = new Map<string, string>();
  if (!xml) return map;
  parseXml(xml, "XLSX relationships", {
    open: (tag) => {
      if (localName(tag.name) === "Relationship") map.set(String(tag.attributes.Id), String(tag.attributes.Target ?? ""));
    },
  });
  return map;
}

function sharedStrings(xml: string, budget: CellBudget): string[] {
  const out: string[] = [];
  if (!xml) return out;
  let current: string | null = null;
  let inText = false;
  let phonetic = 0;
  parseXml(xml, "XLSX shared strings", {
    open: (tag) => {
      const name = localName(tag.name);
      if (name === "si") current = "";
      else if (name === "rPh") phonetic++;
      else if (name === "t") inText = true;
    },
    close: (tag) => {
      const name = localName(tag.name);
      if (name === "si" && current !== null) {
        budget.take(1);
        out.push(current);
        current = null;
      } else if (name === "rPh") phonetic--;
      else if (name === "t") inText = false;
    },
    text: (t) => {
      if (inText && phonetic === 0 && current !== null) current += t;
    },
  });
  return out;
}

function readSheet(xml: string, shared: string[], budget: CellBudget): SheetRow[] {
  const rows: SheetRow[] = [];
  let row: SheetRow | null = null;
  let col = 0;
  let type = "";
  let value: string | null = null;
  let capture = false;
  parseXml(xml, "XLSX sheet", {
    open: (tag) => {
      const name = localName(tag.name);
      if (name === "row") {
        row = { n: Number(tag.attributes.r) || (rows[rows.length - 1]?.n ?? 0) + 1, cells: [] };
        col = 0;
      } else if (name === "c" && row) {
        const ref = String(tag.attributes.r ?? "");
        if (ref) col = columnIndex(ref);
        type = String(tag.attributes.t ?? "n");
        value = null;
      } else if ((name === "v" || name === "t") && row) {
        capture = true;
        value ??= "";
      }
    },
    close: (tag) => {
      const name = localName(tag.name);
      if (name === "v" || name === "t") capture = false;
      else if (name === "c" && row) {
        if (value !== null) {
          checkColumns(col + 1);
          budget.take(1);
          row.cells[col] = type === "s" ? (shared[Number(value)] ?? "") : type === "b" ? (value === "1" ? "TRUE" : "FALSE") : value;
        }
        col++;
      } else if (name === "row" && row) {
        rows.push({ n: row.n, cells: Array.from(row.cells, (c) => c ?? "") });
        row = null;
      }
    },
    text: (t) => {
      if (capture) value += t;
    },
  });
  return trimRows(rows);
}
