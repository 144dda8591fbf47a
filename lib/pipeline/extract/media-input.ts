import { stat } from "node:fs/promises";
import { ItemError } from "@/lib/pipeline/types";

/** The upload exists and is not empty; a cancelled item stops here. */
export async function ensureReadable(path: string, signal?: AbortSignal): Promise<void> {
  if (signal?.aborted) throw new ItemError("timeout", "extraction was cancelled");
  const info = await stat(path).catch(() => null);
  if (!info) throw new ItemError("file_not_found", "the uploaded file is missing");
  if (info.size === 0) throw new ItemError("corrupt_media", "file is empty");
}

/** Media extractors write pictures and intermediate files; processItem always gives them a directory. */
export function requireWorkDir(workDir: string | undefined): string {
  if (!workDir) throw new ItemError("processing_error", "no work directory was given for this item");
  return workDir;
}
