/**
 * Collection names are canonical: segments joined by single '/', no empty segment, no '/'
 * at either end, no '.' or '..' segment. So `a//b`, `/abs`, `x/`, `.` and `/` are refused
 * instead of naming a second collection that looks like `a/b` (or one a URL cannot reach:
 * routers collapse `//` and resolve `.` segments). Migration 0009 renamed the odd names
 * stored before the rule (see README, "Input rules").
 */
export function collectionNameProblem(name: string): string | null {
  if (name.startsWith("/") || name.endsWith("/")) return "must not start or end with '/'";
  const segments = name.split("/");
  if (segments.includes("")) return "must not contain empty segments ('//')";
  if (segments.some((s) => s === "." || s === "..")) return "must not contain '.' or '..' segments";
  return null;
}

/** The canonical form of a name: empty and '.' segments dropped (what migration 0009 does in SQL). */
export function canonicalCollectionName(name: string): string {
  return name
    .split("/")
    .filter((s) => s !== "" && s !== ".")
    .join("/");
}
