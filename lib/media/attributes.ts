import { z } from "zod";
import { ATTRIBUTE_KEY_PATTERN, MAX_ATTRIBUTE_KEY_LENGTH, MAX_ATTRIBUTE_KEYS, MAX_ATTRIBUTE_STRING_LENGTH, MAX_EXTERNAL_ID_LENGTH } from "@/lib/constants";
import { AppError } from "@/lib/errors";

export type AttributeValue = string | number | boolean;
export type Attributes = Record<string, AttributeValue>;

/** Names Tessera writes on every vector or filters on itself; an attribute may not shadow them. */
export const RESERVED_ATTRIBUTE_KEYS = new Set([
  "media_id",
  "batch_id",
  "collection",
  "filename",
  "media_type",
  "chunk_index",
  "created_at",
  "page",
  "start_s",
  "end_s",
  "label",
  "external_id",
  "revision",
]);

const KEY_RULE = `1-${MAX_ATTRIBUTE_KEY_LENGTH} characters: a letter, then letters, digits, '_', '.' or '-'; not a built-in name (${[...RESERVED_ATTRIBUTE_KEYS].join(", ")})`;

/** Why a key cannot be an attribute's, or null. */
export function attributeKeyProblem(key: string): string | null {
  if (key.length === 0 || key.length > MAX_ATTRIBUTE_KEY_LENGTH) return `key '${key.slice(0, 80)}' must be 1-${MAX_ATTRIBUTE_KEY_LENGTH} characters`;
  if (!ATTRIBUTE_KEY_PATTERN.test(key)) return `key '${key}': a key starts with a letter and holds letters, digits, '_', '.' or '-'`;
  if (RESERVED_ATTRIBUTE_KEYS.has(key)) return `key '${key}' is a reserved name`;
  return null;
}

/** A record whose keys obey attributeKeyProblem, with the broken rule in the message (zod's own says only "Invalid key"). */
const attributeRecord = <V extends z.ZodType>(value: V) =>
  z
    .record(z.string(), value)
    .superRefine((m, ctx) => {
      for (const key of Object.keys(m)) {
        const problem = attributeKeyProblem(key);
        if (problem) ctx.addIssue({ code: "custom", path: [key], message: problem });
      }
      if (Object.keys(m).length > MAX_ATTRIBUTE_KEYS) ctx.addIssue({ code: "custom", message: `at most ${MAX_ATTRIBUTE_KEYS} keys` });
    })
    .meta({ propertyNames: { pattern: ATTRIBUTE_KEY_PATTERN.source, maxLength: MAX_ATTRIBUTE_KEY_LENGTH }, maxProperties: MAX_ATTRIBUTE_KEYS });

/**
 * Numbers are finite and, when whole, safe integers: Chroma stores a whole number as a 64-bit
 * integer and a fraction as a double, and the filter compiler relies on JavaScript telling them
 * apart exactly (lib/search/filter-language.ts).
 */
export const AttributeValue = z.union([
  z.string().max(MAX_ATTRIBUTE_STRING_LENGTH),
  z
    .number()
    .refine((n) => Number.isFinite(n) && (!Number.isInteger(n) || Number.isSafeInteger(n)), "must be finite, and a whole number within +-(2^53 - 1)"),
  z.boolean(),
]);

const tooMany = (m: object) => Object.keys(m).length <= MAX_ATTRIBUTE_KEYS;

export const Attributes = attributeRecord(AttributeValue).describe(
  `Flat object of string (at most ${MAX_ATTRIBUTE_STRING_LENGTH} characters), number or boolean values; at most ${MAX_ATTRIBUTE_KEYS} keys, each ${KEY_RULE}`,
);

/** A change: a value sets the key, null removes it (JSON merge patch, RFC 7386). */
export const AttributesPatch = attributeRecord(AttributeValue.nullable()).describe(`Keys to set; null removes the key. Keys: ${KEY_RULE}`);
export type AttributesPatch = z.infer<typeof AttributesPatch>;

export const ExternalId = z.string().trim().min(1).max(MAX_EXTERNAL_ID_LENGTH).describe(`The client's own id for this file (1-${MAX_EXTERNAL_ID_LENGTH} characters); not unique: revisions of a document may share it`);

/** Applies a patch; the result obeys the key limit or the request is refused. */
export function mergeAttributes(base: Attributes, patch: AttributesPatch | undefined, where: string): Attributes {
  const merged: Attributes = { ...base };
  for (const [key, value] of Object.entries(patch ?? {})) {
    if (value === null) delete merged[key];
    else merged[key] = value;
  }
  if (!tooMany(merged)) throw new AppError("validation_error", `${where}: the merged attributes have more than ${MAX_ATTRIBUTE_KEYS} keys.`, { keys: Object.keys(merged).length });
  return merged;
}

/** The vector-side type marker of an attribute: `_t_<key>` holds s, b, i (whole number) or f. */
export const typeMarkerKey = (key: string) => `_t_${key}`;
export type TypeMarker = "s" | "b" | "i" | "f";
export const TYPE_MARKERS: TypeMarker[] = ["s", "b", "i", "f"];

export function typeMarkerOf(value: AttributeValue): TypeMarker {
  if (typeof value === "string") return "s";
  if (typeof value === "boolean") return "b";
  return Number.isInteger(value) ? "i" : "f";
}

/**
 * What a media's attributes add to each of its vectors' Chroma metadata: the values, and a type
 * marker per key, since Chroma's where has no $exists and cannot tell an integer from a double
 * in a comparison (a query 5.5 is cut to 5 against stored integers).
 */
export function vectorAttributes(attributes: Attributes): Record<string, AttributeValue> {
  const out: Record<string, AttributeValue> = {};
  for (const [key, value] of Object.entries(attributes)) {
    out[key] = value;
    out[typeMarkerKey(key)] = typeMarkerOf(value);
  }
  return out;
}

/** The attribute part of a vector's metadata (values and markers), to swap it for another. */
export function isAttributeKey(metadataKey: string): boolean {
  return !RESERVED_ATTRIBUTE_KEYS.has(metadataKey);
}
