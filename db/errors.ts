/**
 * The name of the constraint a failed statement violated, if any. drizzle wraps the driver's
 * error (which carries `constraint_name`) in a DrizzleQueryError's `cause`.
 */
export function violatedConstraint(error: unknown): string | undefined {
  for (let e: unknown = error, depth = 0; e && typeof e === "object" && depth < 5; e = (e as { cause?: unknown }).cause, depth++) {
    const name = (e as { constraint_name?: unknown }).constraint_name;
    if (typeof name === "string") return name;
  }
  return undefined;
}
