import type { UploadLimits } from "../../sdk/client";
import type { LocalFile } from "./walk";

export interface PlannedFile extends LocalFile {
  filename: string;
  extension: string;
  category: string;
}

export interface RefusedFile {
  relative: string;
  reason: string;
}

function extensionOf(name: string): string {
  const base = name.slice(name.lastIndexOf("/") + 1);
  const dot = base.lastIndexOf(".");
  return dot > 0 ? base.slice(dot).toLowerCase() : "";
}

/** Sorts files into those the server accepts by name and size (per GET /v1/status) and those it would refuse. */
export function checkFiles(files: (LocalFile & { filename: string })[], limits: UploadLimits): { accepted: PlannedFile[]; refused: RefusedFile[] } {
  const byExtension = new Map(limits.categories.flatMap((c) => c.extensions.map((ext) => [ext, c] as const)));
  const accepted: PlannedFile[] = [];
  const refused: RefusedFile[] = [];
  for (const file of files) {
    const extension = extensionOf(file.relative);
    const category = byExtension.get(extension);
    if (!category) refused.push({ relative: file.relative, reason: `unsupported file type '${extension || "(none)"}'` });
    else if (file.size === 0) refused.push({ relative: file.relative, reason: "the file is empty" });
    else if (file.size > category.max_bytes) refused.push({ relative: file.relative, reason: `${category.category} files can be at most ${category.max_bytes} bytes` });
    else if (file.size > limits.max_batch_bytes) refused.push({ relative: file.relative, reason: `larger than a batch (${limits.max_batch_bytes} bytes)` });
    else accepted.push({ ...file, extension, category: category.category });
  }
  return { accepted, refused };
}

/** Consecutive runs of files that fit the server's per-batch limits (files and bytes), in order. */
export function splitIntoBatches<T extends { size: number }>(files: T[], limits: Pick<UploadLimits, "max_files_per_batch" | "max_batch_bytes">): T[][] {
  const batches: T[][] = [];
  let current: T[] = [];
  let bytes = 0;
  for (const file of files) {
    if (current.length > 0 && (current.length >= limits.max_files_per_batch || bytes + file.size > limits.max_batch_bytes)) {
      batches.push(current);
      current = [];
      bytes = 0;
    }
    current.push(file);
    bytes += file.size;
  }
  if (current.length > 0) batches.push(current);
  return batches;
}
