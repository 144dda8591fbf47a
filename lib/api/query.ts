import { z } from "zod";
import { AppError } from "@/lib/errors";
import { assertCleanText } from "./text-rules";

export const QueryBoolean = z
  .enum(["true", "false", "1", "0"])
  .optional()
  .transform((v) => v === "true" || v === "1");

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
