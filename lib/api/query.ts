import { z } from "zod";
import { AppError } from "@/lib/errors";
import { assertCleanText } from "./text-rules";

/**
 * The one rule for booleans sent as text (form fields such as force_overwrite, query
 * parameters such as include_errors): `true` or `false` in any case, or `1` / `0`, spaces
 * around ignored. Anything else (`yes`, `on`, empty) is validation_error, never a guess.
 * JSON bodies (batch_options included) take JSON true / false.
 */
export const BOOLEAN_RULE = "true or false in any case, or 1 or 0, spaces around ignored";
// Spelled out case by case: a JSON Schema pattern has no flags, so /i would not reach the document.
const BOOLEAN_PATTERN = /^\s*(?:[Tt][Rr][Uu][Ee]|[Ff][Aa][Ll][Ss][Ee]|1|0)\s*$/;

export function parseBooleanText(value: string): boolean | null {
  if (!BOOLEAN_PATTERN.test(value)) return null;
  const v = value.trim().toLowerCase();
  return v === "true" || v === "1";
}

export const TextBoolean = z
  .string()
  .regex(BOOLEAN_PATTERN, `must be ${BOOLEAN_RULE}`)
  .transform((v) => parseBooleanText(v) === true)
  .describe(`A boolean as text: ${BOOLEAN_RULE}`);

/** An optional boolean query parameter: absent is false. */
export const QueryBoolean = TextBoolean.optional().transform((v) => v ?? false);

export const Pagination = z.object({
  page: z.coerce.number().int().min(1).default(1),
  page_size: z.coerce.number().int().min(1).max(100).default(100),
});

/** Parses URL query parameters with a zod schema; unknown parameters are refused, not ignored. */
export function parseQuery<S extends z.ZodObject>(request: Request, schema: S): z.infer<S> {
  const params = Object.fromEntries(new URL(request.url).searchParams);
  assertCleanText(params, "The query string");
  const parsed = schema.strict().safeParse(params);
  if (!parsed.success) {
    throw new AppError("validation_error", `Invalid query parameters${firstIssue(parsed.error.issues)}.`, {
      issues: parsed.error.issues.map((i) => ({ path: i.path.join(".") || (i as { keys?: string[] }).keys?.join(","), message: i.message })),
    });
  }
  return parsed.data as z.infer<S>;
}

/** Parses route path parameters with a zod schema; a malformed one is a validation_error. */
export function parseParams<S extends z.ZodObject>(params: unknown, schema: S): z.infer<S> {
  const parsed = schema.safeParse(params);
  if (!parsed.success) {
    throw new AppError("validation_error", "Invalid path parameters.", {
      issues: parsed.error.issues.map((i) => ({ path: i.path.join("."), message: i.message })),
    });
  }
  return parsed.data as z.infer<S>;
}

/** ": path: message" of the first issue, so the message itself names the rule that was broken. */
export function firstIssue(issues: ReadonlyArray<{ path: PropertyKey[]; message: string }>): string {
  const issue = issues[0];
  if (!issue) return "";
  const where = issue.path.map(String).join(".");
  return `: ${where ? `${where}: ` : ""}${issue.message}`;
}
