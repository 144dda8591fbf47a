import { CATEGORIES, MAX_BATCH_BYTES, MAX_FILES_PER_BATCH, type MediaCategory } from "@/lib/constants";
import { textProblem } from "@/lib/api/text-rules";

// The checks that need only a file's name and size. Pure (no Buffer, no fs): the upload
// route streams with them and the console's upload page runs the same ones in the browser,
// so a file the page accepts is one the API accepts by name and size (content is sniffed
// on the server only).

const BY_EXTENSION = new Map<string, MediaCategory>(
  Object.entries(CATEGORIES).flatMap(([category, spec]) => spec.extensions.map((ext) => [ext, category as MediaCategory] as const)),
);

const MAX_FILENAME_BYTES = 255;
const MB = 1024 * 1024;

/** Every accepted extension, for a file input's `accept` and the page's hint. */
export const ACCEPTED_EXTENSIONS: readonly string[] = [...BY_EXTENSION.keys()];

export function extensionOf(filename: string): string {
  const base = filename.slice(Math.max(filename.lastIndexOf("/"), filename.lastIndexOf("\\")) + 1);
  const dot = base.lastIndexOf(".");
  return dot > 0 ? base.slice(dot).toLowerCase() : "";
}

// DESIGN.md: ".hml is read as .html"; categoryOf still finds it in CATEGORIES (web).
export function categoryOf(filename: string): MediaCategory | null {
  return BY_EXTENSION.get(extensionOf(filename)) ?? null;
}

/** Why a filename cannot be accepted, or null. Names are never used as paths, but a path-like name is a client bug worth reporting. */
export function filenameProblem(filename: string): string | null {
  if (!filename.trim()) return "the file has no filename";
  if (new TextEncoder().encode(filename).length > MAX_FILENAME_BYTES) return `the filename is longer than ${MAX_FILENAME_BYTES} bytes`;
  if (/[/\\]/.test(filename) || filename.split(".").every((part) => part === "")) return "the filename must not contain a path ('/', '\\' or '..')";
  if (/\p{Cc}/u.test(filename)) return "the filename contains control characters";
  const problem = textProblem(filename);
  if (problem) return `the filename ${problem}`;
  return null;
}

/** Decided from the name alone, while streaming: what to store and up to which size. */
export function uploadLimitFor(filename: string): { maxBytes: number } | { refuse: string } {
  const nameProblem = filenameProblem(filename);
  if (nameProblem) return { refuse: nameProblem };
  const extension = extensionOf(filename);
  const category = categoryOf(filename);
  if (!category) return { refuse: `unsupported file type '${extension || "(none)"}'` };
  return { maxBytes: CATEGORIES[category].maxBytes };
}

const megabytes = (bytes: number) => `${Math.round((bytes / MB) * 10) / 10} MB`;

export interface FileCheck {
  category: MediaCategory | null;
  /** Why the API would refuse this file, or null. */
  problem: string | null;
}

/** One file by name and size, as the API judges it before reading its content. */
export function checkFile({ name, size }: { name: string; size: number }): FileCheck {
  const limit = uploadLimitFor(name);
  const category = categoryOf(name);
  if ("refuse" in limit) return { category, problem: limit.refuse };
  if (size === 0) return { category, problem: "the file is empty" };
  if (size > limit.maxBytes) return { category, problem: `${category} files can be at most ${megabytes(limit.maxBytes)}` };
  return { category, problem: null };
}

/** The request-wide limits: at most MAX_FILES_PER_BATCH files and MAX_BATCH_BYTES in all. */
export function selectionProblems(files: ReadonlyArray<{ size: number }>): string[] {
  const problems: string[] = [];
  if (files.length > MAX_FILES_PER_BATCH) problems.push(`A batch holds at most ${MAX_FILES_PER_BATCH} files; ${files.length} are selected.`);
  const total = files.reduce((sum, f) => sum + f.size, 0);
  if (total > MAX_BATCH_BYTES) problems.push(`A batch holds at most ${megabytes(MAX_BATCH_BYTES)} in all; the files add up to ${megabytes(total)}.`);
  return problems;
}
