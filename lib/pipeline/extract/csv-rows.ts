import { readFile } from "node:fs/promises";
import { parse } from "csv-parse/sync";
import { ItemError } from "@/lib/pipeline/types";
import { decodeBytes } from "@/lib/pipeline/extract/text-encoding";
import { checkColumns, trimRows, type CellBudget, type Sheet } from "@/lib/pipeline/extract/sheet-model";

// A record longer than this is not a row but a broken quote swallowing the file.
const MAX_RECORD_CHARS = 1_000_000;

/** A .csv or .tsv file as one sheet named after the file. */
export async function readCsv(path: string, extension: string, name: string, budget: CellBudget): Promise<{ sheets: Sheet[]; encoding: string }> {
  const { text, encoding } = decodeBytes(await readFile(path));
  let records: string[][];
  try {
    records = parse(text, {
      delimiter: extension === ".tsv" ? "\t" : csvDelimiter(text),
      relax_column_count: true,
      skip_empty_lines: true,
      max_record_size: MAX_RECORD_CHARS,
      // TSV has no quoting: a stray quote is data.
      quote: extension === ".tsv" ? false : '"',
      // Every row holds a cell, so rows past the cell limit are never worth parsing.
      to: budget.limit + 1,
      // A 100,000-column row fails as it is read, not after the whole file is parsed.
      on_record: (record: string[]) => {
        checkColumns(record.length);
        return record;
      },
    }) as string[][];
  } catch (err) {
    if (err instanceof ItemError) throw err;
    throw new ItemError("corrupt_media", `${extension.slice(1).toUpperCase()} could not be parsed: ${(err as Error).message}`);
  }
  for (const r of records) budget.take(r.length);
  return { sheets: [{ name, rows: trimRows(records.map((cells, i) => ({ n: i + 1, cells }))) }], encoding };
}

const CANDIDATES = [",", ";", "\t", "|"] as const;

/**
 * The delimiter of a .csv: a comma unless the first lines agree on another. Spreadsheet
 * programs in locales with a decimal comma write semicolons; exports from databases often
 * write pipes or tabs. The one found the same number of times (and at least once) on most of
 * the first lines wins; quoted text is left out of the count.
 */
export function csvDelimiter(text: string): string {
  const lines = text.slice(0, 64 * 1024).split(/\r?\n/).filter((l) => l.trim()).slice(0, 20);
  if (lines.length === 0) return ",";
  let best: { delimiter: string; score: number } = { delimiter: ",", score: 0 };
  for (const delimiter of CANDIDATES) {
    const counts = lines.map((l) => l.replace(/"[^"]*"/g, "").split(delimiter).length - 1);
    const first = counts[0]!;
    if (first === 0) continue;
    const agreeing = counts.filter((c) => c === first).length;
    const score = agreeing * 1000 + first;
    if (agreeing >= Math.ceil(lines.length * 0.8) && score > best.score) best = { delimiter, score };
  }
  return best.delimiter;
}
