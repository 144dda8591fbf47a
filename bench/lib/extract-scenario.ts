// The shape of a `bench/extract/*.ts` module: one per category, loaded by bench/extract.ts.

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
  /** The same work done by a reference tool or a trivial reader, measured in the same run. */
  baseline?: { name: string; run(files: string[]): Promise<ExtractRun> };
}

/** Adds up the units of every file, one file after another. */
export async function eachFile(files: string[], fn: (file: string) => Promise<number>): Promise<ExtractRun> {
  let units = 0;
  for (const file of files) units += await fn(file);
  return { units };
}
