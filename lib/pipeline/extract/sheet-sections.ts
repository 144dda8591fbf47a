import type { ExtractedSection } from "@/lib/pipeline/types";
import type { TextBudget } from "@/lib/pipeline/extract/guards";
import { columnLetter, type Sheet } from "@/lib/pipeline/extract/sheet-model";

// A section stays under one default chunk (400 tokens is ~1,600 characters), so the chunker
// never has to cut it, and its label names exactly the rows it holds.
const SECTION_CHARS = 1_400;
const SECTION_ROWS = 25;

export interface SheetSummary {
  name: string;
  rows: number;
  columns: string[];
}

/**
 * One section per group of rows, each row written with its headers ("Region: North;
 * Revenue: 1200"), so every chunk carries the header context it needs to be understood.
 * The header is the first non-empty row; a column without one is named by its letter.
 */
export function sheetSections(sheet: Sheet, budget: TextBudget): { sections: ExtractedSection[]; summary: SheetSummary } {
  const [header, ...data] = sheet.rows;
  if (!header) return { sections: [], summary: { name: sheet.name, rows: 0, columns: [] } };
  const names = (i: number) => header.cells[i]?.trim() || `Column ${columnLetter(i)}`;
  // Only columns that hold something: a lone cell far to the right (or a declared range of
  // A1:XFD1048576) must not list sixteen thousand empty "Column X" names.
  const used = new Set<number>();
  for (const row of sheet.rows) row.cells.forEach((value, i) => value.trim() && used.add(i));
  const columns = [...used].sort((a, b) => a - b).map(names);
  const sections: ExtractedSection[] = [];
  if (data.length === 0) {
    sections.push({ label: `${sheet.name}, row ${header.n}`, text: budget.take(`Columns: ${columns.join("; ")}`) });
  }
  let lines: string[] = [];
  let chars = 0;
  let first = 0;
  let last = 0;
  const flush = () => {
    if (lines.length) sections.push({ label: `${sheet.name}, rows ${first}-${last}`, text: lines.join("\n") });
    lines = [];
    chars = 0;
  };
  for (const row of data) {
    const parts: string[] = [];
    row.cells.forEach((value, i) => {
      const v = value.replace(/\s+/g, " ").trim();
      if (v) parts.push(`${names(i)}: ${v}`);
    });
    const line = budget.take(parts.join("; "));
    if (lines.length && (lines.length >= SECTION_ROWS || chars + line.length > SECTION_CHARS)) flush();
    if (!lines.length) first = row.n;
    last = row.n;
    lines.push(line);
    chars += line.length + 1;
  }
  flush();
  return { sections, summary: { name: sheet.name, rows: data.length, columns } };
}
