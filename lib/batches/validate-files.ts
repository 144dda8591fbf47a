import type { MediaCategory } from "@/lib/constants";
import type { ReceivedFile } from "@/lib/api/multipart";
import { sniffMedia } from "@/lib/pipeline/detect";
import { categoryOf, extensionOf } from "./file-rules";

export { filenameProblem, uploadLimitFor } from "./file-rules";

export interface ValidFile {
  filename: string;
  extension: string;
  category: MediaCategory;
  /** Its key in the blob store (lib/storage.ts incomingKey). */
  key: string;
  size: number;
  checksum: string;
}

export interface RejectedFile {
  filename: string;
  reason: string;
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
    valid.push({ filename: file.filename, extension, category, key: file.key, size: file.size, checksum: file.checksum });
  }
  return { valid, rejected };
}
