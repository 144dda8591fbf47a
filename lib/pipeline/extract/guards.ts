import { stat } from "node:fs/promises";
import { MAX_EXTRACTED_CHARS } from "@/lib/constants";
import { ItemError } from "@/lib/pipeline/types";

/** Fails fast on a missing or empty upload, before any parser sees it. */
export async function ensureReadable(path: string): Promise<number> {
  const info = await stat(path).catch(() => null);
  if (!info) throw new ItemError("file_not_found", "the uploaded file is missing");
  if (info.size === 0) throw new ItemError("corrupt_media", "file is empty");
  return info.size;
}

export function throwIfCancelled(signal?: AbortSignal): void {
  if (signal?.aborted) throw new ItemError("timeout", "extraction was cancelled");
}

/**
 * Counts the characters an extractor emits, so a small file that expands to a huge text
 * (a sheet of repeated cells, a JSON of deep arrays) fails cleanly instead of filling memory.
 */
export class TextBudget {
  private used = 0;
  constructor(private readonly limit = MAX_EXTRACTED_CHARS) {}
  take(text: string): string {
    this.used += text.length;
    if (this.used > this.limit) {
      throw new ItemError("content_limit_exceeded", `the file holds more than ${this.limit.toLocaleString("en")} characters of text, the limit per item`);
    }
    return text;
  }
}

/** "'q1.xlsx'" or "" when the client gave no name; descriptions quote it. */
export function quoted(filename: string | undefined): string {
  return filename ? ` '${filename.replace(/'/g, "’")}'` : "";
}

/** "a, b, c and 4 more" for descriptions that must stay short. */
export function listShort(items: string[], max = 8): string {
  const shown = items.slice(0, max).join(", ");
  return items.length > max ? `${shown} and ${items.length - max} more` : shown;
}
