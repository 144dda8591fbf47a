import { z } from "zod";
import { MAX_FILES_PER_BATCH } from "@/lib/constants";
import { AppError } from "@/lib/errors";
import { AttributesPatch, ExternalId, mergeAttributes, type Attributes } from "@/lib/media/attributes";
import { parseJsonField } from "@/lib/api/json-field";

export const FileMetadataEntry = z
  .strictObject({
    attributes: AttributesPatch.optional().describe("Merged over batch_options.metadata for this file; null drops a batch key"),
    external_id: ExternalId.optional(),
  })
  .describe("One file's attributes and external id");

export const FileMetadata = z
  .record(z.string().min(1), FileMetadataEntry)
  .refine((m) => Object.keys(m).length <= MAX_FILES_PER_BATCH, `at most ${MAX_FILES_PER_BATCH} entries`)
  .describe(
    'JSON keyed by each file\'s filename exactly as sent in its part, e.g. {"a.pdf": {"attributes": {"owner": "ana", "year": 2024}, "external_id": "doc-17"}}. A name that is not one of the request\'s files, or that two files share, is a validation_error.',
  );
export type FileMetadata = z.infer<typeof FileMetadata>;

export function parseFileMetadata(raw: string | undefined): FileMetadata {
  return parseJsonField("file_metadata", raw, FileMetadata) ?? {};
}

/** Every file_metadata name must be exactly one of the request's files (typos are refused, not ignored). */
export function assertFileMetadataNames(fileMetadata: FileMetadata, filenames: readonly string[]): void {
  const counts = new Map<string, number>();
  for (const name of filenames) counts.set(name, (counts.get(name) ?? 0) + 1);
  for (const name of Object.keys(fileMetadata)) {
    const n = counts.get(name) ?? 0;
    if (n === 1) continue;
    throw new AppError(
      "validation_error",
      n === 0 ? `file_metadata names '${name}', which is not a file of this request.` : `file_metadata names '${name}', which ${n} files of this request share.`,
      { field: "file_metadata", filename: name, files: filenames },
    );
  }
}

/** A file's attributes and external id: the batch's metadata with its file_metadata entry over it. */
export function attributesOfFile(settings: { metadata: Attributes; fileMetadata: FileMetadata }, filename: string): { attributes: Attributes; externalId: string | null } {
  const entry = settings.fileMetadata[filename];
  return { attributes: mergeAttributes(settings.metadata, entry?.attributes, `file_metadata '${filename}'`), externalId: entry?.external_id ?? null };
}
