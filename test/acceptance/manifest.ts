import { readFileSync } from "node:fs";
import path from "node:path";

// The acceptance corpus: real files from other projects' public test collections
// (test/acceptance/SOURCES.md), each with what a correct service does with it.

export const ACCEPTANCE_DIR = path.resolve(import.meta.dirname);
export const ACCEPTANCE_FILES = path.join(ACCEPTANCE_DIR, "files");

/**
 * `known_issue`: Tessera does not yet do what a correct service would with this file. The
 * entry then names what Tessera does today (so a fix shows up as a mismatch, to be turned
 * into the right expectation), and the text says what it should do; README lists them.
 */
type Common = { file: string; category: string; known_issue?: string };
export type Expectation = Common &
  (
    | { expect: "succeeded"; contains: string[]; page?: number; label?: string }
    | { expect: "failed"; code: string; message?: string }
    /** Refused at submission (content sniffing), reported in rejected_files. */
    | { expect: "rejected"; message?: string }
  );

export function loadManifest(): Expectation[] {
  return JSON.parse(readFileSync(path.join(ACCEPTANCE_DIR, "manifest.json"), "utf8")) as Expectation[];
}

/** The name a file is uploaded under: its path in the corpus without slashes. */
export const uploadName = (file: string) => file.replaceAll("/", "__");
