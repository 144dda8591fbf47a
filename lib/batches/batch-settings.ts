import { z } from "zod";
import {
  COLLECTION_ID_PATTERN,
  DEFAULT_CHUNK_OVERLAP,
  DEFAULT_CHUNK_SIZE,
  DEFAULT_COLLECTION_ID,
  MAX_CHUNK_SIZE,
  MIN_CHUNK_SIZE,
} from "@/lib/constants";
import { collectionNameProblem } from "@/lib/collections/canonical-name";
import { BOOLEAN_RULE, parseBooleanText } from "@/lib/api/query";
import { AppError } from "@/lib/errors";
import { Attributes } from "@/lib/media/attributes";
import { parseJsonField } from "@/lib/api/json-field";
import { parseFileMetadata, type FileMetadata } from "./file-metadata";

export const CollectionId = z
  .string()
  .regex(COLLECTION_ID_PATTERN, "use 1-128 letters, digits, '_', '-', '.' or '/'")
  .superRefine((v, ctx) => {
    const problem = collectionNameProblem(v);
    if (problem) ctx.addIssue({ code: "custom", message: problem });
  })
  .describe("Collection to store the batch's media in, e.g. department/project/type: segments joined by single '/', none empty, none '.' or '..', no '/' at either end");

export const BatchOptions = z
  .strictObject({
    batch_name: z.string().trim().min(1).max(200).optional(),
    metadata: Attributes.optional().describe("Attributes of every file of the batch (file_metadata adds to them per file), stored on the media and on every vector"),
    callback_url: z.url({ protocol: /^https?$/ }).optional(),
    chunk_size: z.number().int().min(MIN_CHUNK_SIZE).max(MAX_CHUNK_SIZE).optional(),
    chunk_overlap: z.number().int().min(0).optional(),
    skip_invalid: z.boolean().optional(),
    force_overwrite: z.boolean().optional(),
    collection_id: CollectionId.optional(),
  })
  .describe("JSON-encoded options; individual form fields win over the same keys here");
export type BatchOptions = z.infer<typeof BatchOptions>;

export interface BatchSettings {
  collectionId: string;
  forceOverwrite: boolean;
  batchName?: string;
  metadata: Attributes;
  /** Per-file attributes and external ids, by filename (the multipart field file_metadata). */
  fileMetadata: FileMetadata;
  callbackUrl?: string;
  chunkSize: number;
  chunkOverlap: number;
  skipInvalid: boolean;
}

const KNOWN_FIELDS = new Set(["force_overwrite", "collection_id", "batch_options", "file_metadata"]);

/** Reads the multipart fields; individual fields take precedence over batch_options (reference page). */
export function resolveBatchSettings(fields: ReadonlyMap<string, string>): BatchSettings {
  for (const name of fields.keys()) {
    if (!KNOWN_FIELDS.has(name)) {
      throw new AppError("validation_error", `Unknown field '${name}'.`, { allowed_fields: [...KNOWN_FIELDS, "file"] });
    }
  }
  const options = parseBatchOptions(fields.get("batch_options"));
  const forceField = fields.get("force_overwrite");
  const collectionField = fields.get("collection_id");

  const forceOverwrite = forceField !== undefined ? parseBoolean("force_overwrite", forceField) : (options.force_overwrite ?? false);
  const collectionId = collectionField !== undefined ? parseCollectionId(collectionField) : (options.collection_id ?? DEFAULT_COLLECTION_ID);
  const chunkSize = options.chunk_size ?? DEFAULT_CHUNK_SIZE;
  const chunkOverlap = options.chunk_overlap ?? Math.min(DEFAULT_CHUNK_OVERLAP, Math.floor(chunkSize / 4));
  if (chunkOverlap >= chunkSize) {
    throw new AppError("validation_error", "chunk_overlap must be smaller than chunk_size.", { chunk_size: chunkSize, chunk_overlap: chunkOverlap });
  }
  return {
    collectionId,
    forceOverwrite,
    metadata: options.metadata ?? {},
    fileMetadata: parseFileMetadata(fields.get("file_metadata")),
    chunkSize,
    chunkOverlap,
    skipInvalid: options.skip_invalid ?? false,
    ...(options.batch_name && { batchName: options.batch_name }),
    ...(options.callback_url && { callbackUrl: options.callback_url }),
  };
}

function parseBatchOptions(raw: string | undefined): BatchOptions {
  return parseJsonField("batch_options", raw, BatchOptions) ?? {};
}



/** A boolean form field, by the one rule of lib/api/query.ts (TextBoolean). */
export function parseBoolean(field: string, value: string): boolean {
  const parsed = parseBooleanText(value);
  if (parsed === null) throw new AppError("validation_error", `${field} must be ${BOOLEAN_RULE}.`, { field, received: value });
  return parsed;
}

function parseCollectionId(value: string): string {
  const parsed = CollectionId.safeParse(value);
  if (!parsed.success) {
    throw new AppError("validation_error", `collection_id is invalid: ${parsed.error.issues[0]?.message}.`, { field: "collection_id", received: value });
  }
  return parsed.data;
}
