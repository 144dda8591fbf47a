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
import { assertCleanText } from "@/lib/api/text-rules";
import { AppError } from "@/lib/errors";

export const CollectionId = z
  .string()
  .regex(COLLECTION_ID_PATTERN, "use 1-128 letters, digits, '_', '-', '.' or '/'")
  .superRefine((v, ctx) => {
    const problem = collectionNameProblem(v);
    if (problem) ctx.addIssue({ code: "custom", message: problem });
  })
  .describe("Collection to store the batch's media in, e.g. department/project/type: segments joined by single '/', none empty, none '.' or '..', no '/' at either end");

/** Keys Tessera writes on every vector; user metadata may not shadow them. */
const RESERVED_METADATA_KEYS = new Set(["media_id", "batch_id", "collection", "filename", "media_type", "chunk_index", "created_at", "page", "start_s", "end_s", "label"]);

const MetadataValue = z.union([z.string().max(1_000), z.number(), z.boolean()]);

export const BatchOptions = z
  .strictObject({
    batch_name: z.string().trim().min(1).max(200).optional(),
    metadata: z
      .record(z.string().min(1).max(64), MetadataValue)
      .refine((m) => Object.keys(m).length <= 32, "at most 32 keys")
      .refine((m) => Object.keys(m).every((k) => !RESERVED_METADATA_KEYS.has(k)), "uses a reserved key")
      .optional()
      .describe("Flat object stored on every vector of the batch"),
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
  metadata: Record<string, string | number | boolean>;
  callbackUrl?: string;
  chunkSize: number;
  chunkOverlap: number;
  skipInvalid: boolean;
}

const KNOWN_FIELDS = new Set(["force_overwrite", "collection_id", "batch_options"]);

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
    chunkSize,
    chunkOverlap,
    skipInvalid: options.skip_invalid ?? false,
    ...(options.batch_name && { batchName: options.batch_name }),
    ...(options.callback_url && { callbackUrl: options.callback_url }),
  };
}

function parseBatchOptions(raw: string | undefined): BatchOptions {
  if (raw === undefined || raw.trim() === "") return {};
  let json: unknown;
  try {
    json = JSON.parse(raw);
  } catch {
    throw new AppError("validation_error", "batch_options is not valid JSON.", { field: "batch_options" });
  }
  assertCleanText(json, "batch_options");
  const parsed = BatchOptions.safeParse(json);
  if (!parsed.success) {
    throw new AppError("validation_error", "batch_options is invalid.", {
      field: "batch_options",
      issues: parsed.error.issues.map((i) => ({ path: i.path.join("."), message: i.message })),
    });
  }
  return parsed.data;
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
