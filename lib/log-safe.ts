/**
 * An error as a log line that carries no user data. A failed database query's error
 * (drizzle's DrizzleQueryError) puts the query's parameters in its message and stack, and
 * those parameters are users' chunk text, filenames and metadata: here the SQL stays (it has
 * only placeholders) and the parameters go. The causes follow, each on its own line.
 */
export function loggableError(error: unknown): string {
  const lines: string[] = [];
  let current: unknown = error;
  for (let depth = 0; current !== undefined && current !== null && depth < 5; depth++) {
    lines.push(`${depth ? "caused by " : ""}${describeOne(current)}`);
    current = (current as { cause?: unknown }).cause;
  }
  return lines.join("\n");
}

function describeOne(error: unknown): string {
  if (!(error instanceof Error)) return `non-error value of type ${typeof error}`;
  const code = (error as { code?: unknown }).code;
  const withParams = typeof (error as { params?: unknown }).params !== "undefined";
  const message = withParams ? withoutParams(error.message) : error.message;
  const frames = (error.stack ?? "").split("\n").filter((l) => /^\s+at /.test(l)).slice(0, 6);
  return [`${error.name}${typeof code === "string" ? ` [${code}]` : ""}: ${message}`, ...frames].join("\n");
}

/** "Failed query: select ...\nparams: a,b" -> "Failed query: select ... (parameters not logged)". */
function withoutParams(message: string): string {
  const at = message.indexOf("\nparams:");
  return at < 0 ? message : `${message.slice(0, at)} (parameters not logged)`;
}
