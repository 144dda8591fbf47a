import { MAX_SHEET_COLUMNS, MAX_SPREADSHEET_CELLS } from "@/lib/constants";
import { ItemError } from "@/lib/pipeline/types";

/** A row as read: its 1-based number in the sheet and its cells by 0-based column. */
export interface SheetRow {
  n: number;
  cells: string[];
}

export interface Sheet {
  name: string;
  rows: SheetRow[];
}

/** Counts cells across all sheets of one file, so a huge sheet fails before memory does. */
export class CellBudget {
  private used = 0;
  constructor(readonly limit = MAX_SPREADSHEET_CELLS) {}
  take(cells: number): void {
    this.used += cells;
    if (this.used > this.limit) {
      throw new ItemError("content_limit_exceeded", `the spreadsheet has more than ${this.limit.toLocaleString("en")} cells, the limit per item`);
    }
  }
}

/** Fails a row wider than any spreadsheet program makes, before its cells are kept. */
export function checkColumns(columns: number): void {
  if (columns > MAX_SHEET_COLUMNS) {
    throw new ItemError("content_limit_exceeded", `a row has ${columns.toLocaleString("en")} columns; the limit is ${MAX_SHEET_COLUMNS.toLocaleString("en")} (MAX_SHEET_COLUMNS)`);
  }
}

/** 0-based column index of a cell reference such as "AB12". */
export function columnIndex(ref: string): number {
  let n = 0;
  for (const ch of ref) {
    const code = ch.charCodeAt(0);
    if (code < 65 || code > 90) break;
    n = n * 26 + (code - 64);
  }
  return n - 1;
}

/** "A", "B", ... "AA" for a 0-based column index. */
export function columnLetter(index: number): string {
  let s = "";
  for (let n = index + 1; n > 0; n = Math.floor((n - 1) / 26)) s = String.fromCharCode(65 + ((n - 1) % 26)) + s;
  return s;
}

/** Drops trailing empty cells, and rows left with no content at all. */
export function trimRows(rows: SheetRow[]): SheetRow[] {
  const out: SheetRow[] = [];
  for (const row of rows) {
    let end = row.cells.length;
    while (end > 0 && !row.cells[end - 1]?.trim()) end--;
    if (end > 0) out.push({ n: row.n, cells: row.cells.slice(0, end) });
  }
  return out;
}
