import { CATEGORIES, type MediaCategory } from "@/lib/constants";
import type { ReceivedFile } from "@/lib/api/multipart";
import { categoryOf, extensionOf, sniffMedia } from "@/lib/pipeline/detect";

export interface ValidFile {
  filename: string;
  extension: string;
  category: MediaCategory;
  path: string;
  size: number;
  checksum: string;
}

export interface RejectedFile {
  filename: string;
  reason: string;
}

const MAX_FILENAME_BYTES = 255;

/** Why a filename cannot be accepted, or null. Names are never used as paths, but a path-like name is a client bug worth reporting. */
export function filenameProblem(filename: string): string | null {
  if (!filename.trim()) return "the file has no filename";
  if (Buffer.byteLength(filename) > MAX_FILENAME_BYTES) return `the filename is longer than ${MAX_FILENAME_BYTES} bytes`;
  if (/[/\\]/.test(filename) || filename.split(".").every((part) => part === "")) return "the filename must not contain a path ('/', '\\' or '..')";
  if (/\p{Cc}/u.test(filename)) return "the filename contains control characters";
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

/** Per-file checks after the upload: limits found while streaming, emptiness, and content sniffing. */
export function validateFiles(files: readonly ReceivedFile[]): { valid: ValidFile[]; rejected: RejectedFile[] } {
  const valid: ValidFile[] = [];
  const rejected: RejectedFile[] = [];
  for (const file of files) {
    const category = categoryOf(file.filename);
    if (file.problem || !category) {
      rejected.push({ filename: file.filename, reason: file.problem ?? "unsupported file type" });
      continue;
    }
    const extension = extensionOf(file.filename);
    const sniff = sniffMedia({ extension, head: file.head, size: file.size });
    if (!sniff.ok) {
      rejected.push({ filename: file.filename, reason: sniff.reason });
      continue;
    }
    valid.push({ filename: file.filename, extension, category, path: file.path, size: file.size, checksum: file.checksum });
  }
  return { valid, rejected };
}
