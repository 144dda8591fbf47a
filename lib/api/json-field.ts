import type { z } from "zod";
import { assertCleanText } from "@/lib/api/text-rules";
import { AppError } from "@/lib/errors";

/** A form field holding JSON: parsed, checked for clean text, then validated by `schema`. */
export function parseJsonField<S extends z.ZodType>(field: string, raw: string | undefined, schema: S): z.infer<S> | undefined {
  if (raw === undefined || raw.trim() === "") return undefined;
  let json: unknown;
  try {
    json = JSON.parse(raw);
  } catch {
    throw new AppError("validation_error", `${field} is not valid JSON.`, { field });
  }
  assertCleanText(json, field);
  const parsed = schema.safeParse(json);
  if (!parsed.success) {
    throw new AppError("validation_error", `${field} is invalid.`, {
      field,
      issues: parsed.error.issues.map((i) => ({ path: i.path.join("."), message: i.message })),
    });
  }
  return parsed.data;
}
