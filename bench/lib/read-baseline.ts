// The trivial floor for formats without a reference extractor here: read the file and decode
// it as UTF-8 (text) or just read it (zip packages), crediting the same units Tessera does.

import { readFile } from "node:fs/promises";
import { eachFile, type ExtractScenario } from "./extract-scenario";

export function readBaseline(unitsOf: (file: string) => number, decode: boolean): NonNullable<ExtractScenario["baseline"]> {
  return {
    name: decode ? "read + decode the file" : "read the file",
    run: (files) =>
      eachFile(files, async (file) => {
        const bytes = await readFile(file);
        if (decode && new TextDecoder().decode(bytes).length === 0) throw new Error(`${file} is empty`);
        return unitsOf(file);
      }),
  };
}
