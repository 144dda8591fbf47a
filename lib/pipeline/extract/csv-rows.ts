import { readFile } from "node:fs/promises";
import { parse } from "csv-parse/sync";
import { ItemError } from "@/lib/pipeline/types";
import { decodeBytes } from "@/lib/pipeline/extract/text-encoding";
import { trimRows, type CellBudget, type Sheet } from "@/lib/pipeline/extract/sheet-model";

// A record longer than this is not a row but a broken quote swallowing the file.
const MAX_RECORD_CHARS = 1_000_000;

/** A .csv or .tsv file as one sheet named after the file. */
export async function readCsv(path: string, extension: string, name: string, budget: CellBudget): Promise<{ sheets: Sheet[]; encoding: string }> {
  const { text, encoding } = decodeBytes(await readFile(path));
  let records: string[][];
  try {
    records = parse(text, {
      delimiter: extension === ".tsv" ? "\t" : ",",
      relax_column_count: true,
      skip_empty_lines: true,
      max_record_size: MAX_RECORD_CHARS,
      // TSV has no quoting: a stray quote is data.
      quote: extension === ".tsv" ? false : '"',
      // Every row holds a cell, so rows past the cell limit are never worth parsing.
      to: budget.limit + 1,
    }) as string[][];
  } catch (err) {
    throw new ItemError("corrupt_media", `${extension.slice(1).toUpperCase()} could not be parsed: ${(err as Error).message}`);
  }
  for (const r of records) budget.take(r.length);
  return { sheets: [{ name, rows: trimRows(records.map((cells, i) => ({ n: i + 1, cells }))) }], encoding };
}
