import { env } from "@/lib/env";

/** The components whose absence is an outage (wait and retry), not a fault of the request or the file. */
export type Dependency = "database" | "vectors";

// Socket-level failures, postgres.js's own connection errors, and PostgreSQL's SQLSTATEs for
// "the server is going away or not there yet" (class 08, admin/crash shutdown, starting up).
const CONNECTION_CODES = new Set([
  "ECONNREFUSED",
  "ECONNRESET",
  "EPIPE",
  "ETIMEDOUT",
  "EHOSTUNREACH",
  "CONNECTION_CLOSED",
  "CONNECTION_ENDED",
  "CONNECTION_DESTROYED",
  "CONNECT_TIMEOUT",
  "57P01",
  "57P02",
  "57P03",
]);

const portOf = (url: string) => {
  const u = new URL(url);
  return Number(u.port || (u.protocol === "https:" ? 443 : u.protocol.startsWith("postgres") ? 5432 : 80));
};

/**
 * Which dependency an error says is unreachable, or null when it says something else (a bad
 * query, a bad file, a bug). Walks the cause chain: drizzle wraps the driver's error, and
 * Chroma's client wraps fetch's.
 */
export function unreachableDependency(error: unknown): Dependency | null {
  let current: unknown = error;
  for (let depth = 0; current && depth < 6; depth++) {
    const e = current as { name?: unknown; code?: unknown; port?: unknown; message?: unknown; cause?: unknown };
    if (e.name === "ChromaConnectionError") return "vectors";
    const code = typeof e.code === "string" ? e.code : "";
    if (CONNECTION_CODES.has(code) || code.startsWith("08")) {
      if (typeof e.port === "number" && e.port === portOf(env.CHROMA_URL)) return "vectors";
      return "database";
    }
    current = e.cause;
  }
  return null;
}
