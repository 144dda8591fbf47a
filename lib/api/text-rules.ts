import { AppError } from "@/lib/errors";

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/**
 * Why a string cannot be stored or searched, or null. NUL cannot go into a PostgreSQL text
 * value (the query `"\u0000"` used to answer 500), and a lone surrogate (`"\ud800"` in JSON)
 * is not a Unicode character at all: neither is text anyone meant to send.
 */
export function textProblem(value: string): string | null {
  if (value.includes("\u0000")) return "must not contain NUL characters (\\u0000)";
  if (LONE_SURROGATE.test(value)) return "must not contain invalid code points (unpaired surrogates)";
  return null;
}

/** The first string (key or value) of a parsed JSON value that breaks textProblem, with its path. */
export function findInvalidText(value: unknown, path: string[] = []): { path: string; problem: string } | null {
  if (typeof value === "string") {
    const problem = textProblem(value);
    return problem ? { path: path.join("."), problem } : null;
  }
  if (Array.isArray(value)) {
    for (const [i, item] of value.entries()) {
      const found = findInvalidText(item, [...path, String(i)]);
      if (found) return found;
    }
    return null;
  }
  if (value && typeof value === "object") {
    for (const [key, item] of Object.entries(value)) {
      const keyProblem = textProblem(key);
      if (keyProblem) return { path: [...path, key].join("."), problem: `key ${keyProblem}` };
      const found = findInvalidText(item, [...path, key]);
      if (found) return found;
    }
  }
  return null;
}

/** Throws validation_error naming the field and the rule when any string in `value` is not clean text. */
export function assertCleanText(value: unknown, what: string): void {
  const found = findInvalidText(value);
  if (!found) return;
  const where = found.path ? `${found.path}: ` : "";
  throw new AppError("validation_error", `${what} is invalid: ${where}${found.problem}.`, { issues: [{ path: found.path, message: found.problem }] });
}
