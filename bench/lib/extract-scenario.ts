// The shape of a `bench/extract/*.ts` module: one per category, loaded by bench/extract.ts.

import { existsSync } from "node:fs";
import path from "node:path";

export interface ExtractRun {
  /** How many `unit`s were processed (pages, MB, rows...). */
  units: number;
}

export interface ExtractScenario {
  name: string;
  /** What throughput is counted in, e.g. "pages" or "MB". */
  unit: string;
  /** Writes the corpus into `dir` (fresh for each run) and returns its files. */
  makeCorpus(dir: string): Promise<string[]>;
  /** Tessera's extraction of every file. */
  run(files: string[]): Promise<ExtractRun>;
  /** Why Tessera cannot run this scenario on this machine (e.g. a Debian package is missing), or null. */
  unavailable?(): string | null;
  /** The same work done by a reference tool or a trivial reader, measured in the same run. */
  baseline?: {
    name: string;
    /** Why the reference tool cannot run here (not installed), or null: the row then says so. */
    unavailable?(): string | null;
    run(files: string[]): Promise<ExtractRun>;
  };
}

/** Null when `command` is on PATH, else "<package> is not installed here". */
export function missingCommand(command: string, pkg: string): string | null {
  const found = (process.env.PATH ?? "").split(":").some((dir) => dir && existsSync(path.join(dir, command)));
  return found ? null : `${pkg} is not installed here`;
}

/** Adds up the units of every file, one file after another. */
export async function eachFile(files: string[], fn: (file: string) => Promise<number>): Promise<ExtractRun> {
  let units = 0;
  for (const file of files) units += await fn(file);
  return { units };
}
