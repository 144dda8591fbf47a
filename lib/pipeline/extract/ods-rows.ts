import { ItemError } from "@/lib/pipeline/types";
import { readZip } from "@/lib/pipeline/extract/safe-zip";
import { refuseEncryptedOdf } from "@/lib/pipeline/extract/password-protected";
import { trimRows, type CellBudget, type Sheet } from "@/lib/pipeline/extract/sheet-model";
import { elementTexts, parseXml } from "@/lib/pipeline/extract/xml";

// Calc pads sheets with repeated empty rows and cells (1,048,576 rows is common): those are
// counted, never materialised. A repeated cell or row with content is expanded, within the
// cell budget.
const CELL = new Set(["table:table-cell", "table:covered-table-cell"]);

/** ODS sheets from content.xml, read through safe-zip. */
export async function readOds(file: string, budget: CellBudget, signal?: AbortSignal): Promise<{ sheets: Sheet[]; title?: string }> {
  const parts = await readZip(file, { keep: (n) => n === "content.xml" || n === "meta.xml" || n === "META-INF/manifest.xml", skipOthers: true, signal, format: "ODS" });
  refuseEncryptedOdf(parts.get("META-INF/manifest.xml"), ".ods");
  const content = parts.get("content.xml");
  if (!content) throw new ItemError("corrupt_media", "ODS file could not be read: it has no content.xml");
  const sheets: Sheet[] = [];
  let sheet: Sheet | null = null;
  let rowNumber = 0;
  let rowRepeat = 1;
  let cells: string[] = [];
  let pendingEmpty = 0;
  let cellRepeat = 1;
  let cellText: string | null = null;
  let paragraph = 0;
  parseXml(content.toString("utf8"), "ODS content", {
    open: (tag) => {
      const a = tag.attributes as Record<string, string>;
      if (tag.name === "table:table") {
        sheet = { name: a["table:name"] ?? `Sheet ${sheets.length + 1}`, rows: [] };
        rowNumber = 0;
      } else if (tag.name === "table:table-row") {
        rowRepeat = Math.max(1, Number(a["table:number-rows-repeated"]) || 1);
        cells = [];
        pendingEmpty = 0;
      } else if (CELL.has(tag.name)) {
        cellRepeat = Math.max(1, Number(a["table:number-columns-repeated"]) || 1);
        cellText = "";
        paragraph = 0;
      } else if (cellText !== null) {
        if (tag.name === "text:p" && paragraph++ > 0) cellText += "\n";
        else if (tag.name === "text:s") cellText += " ".repeat(Math.min(Number(a["text:c"] ?? 1) || 1, 100));
        else if (tag.name === "text:tab") cellText += "\t";
        else if (tag.name === "text:line-break") cellText += "\n";
      }
    },
    close: (tag) => {
      if (CELL.has(tag.name) && cellText !== null) {
        if (cellText.trim()) {
          budget.take(pendingEmpty + cellRepeat);
          for (; pendingEmpty > 0; pendingEmpty--) cells.push("");
          for (let i = 0; i < cellRepeat; i++) cells.push(cellText);
        } else pendingEmpty += cellRepeat;
        cellText = null;
      } else if (tag.name === "table:table-row" && sheet) {
        if (cells.length === 0) rowNumber += rowRepeat;
        else {
          budget.take(cells.length * (rowRepeat - 1));
          for (let i = 0; i < rowRepeat; i++) sheet.rows.push({ n: ++rowNumber, cells });
        }
      } else if (tag.name === "table:table" && sheet) {
        sheets.push({ name: sheet.name, rows: trimRows(sheet.rows) });
        sheet = null;
      }
    },
    text: (t) => {
      if (cellText !== null) cellText += t;
    },
  });
  const meta = parts.get("meta.xml")?.toString("utf8");
  const title = meta ? elementTexts(meta, "ODS meta", "title")[0] : undefined;
  return { sheets, ...(title && { title }) };
}
