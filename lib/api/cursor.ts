import { z } from "zod";
import { AppError } from "@/lib/errors";

/**
 * Cursors are opaque to clients: base64url of "<kind>:<position>". The kind stops a batch
 * cursor from being replayed on the transactions list.
 */
export function encodeCursor(kind: string, position: string | number): string {
  return Buffer.from(`${kind}:${position}`).toString("base64url");
}

export function decodeCursor(kind: string, cursor: string): string {
  const decoded = Buffer.from(cursor, "base64url").toString("utf8");
  const position = decoded.startsWith(`${kind}:`) ? decoded.slice(kind.length + 1) : "";
  if (!position || encodeCursor(kind, position) !== cursor) throw invalidCursor();
  return position;
}

export function invalidCursor() {
  return new AppError("validation_error", "Invalid cursor: pass back the next_cursor of a previous page unchanged.", { field: "cursor" });
}

export const CursorQuery = {
  limit: z.coerce.number().int().min(1).max(100).default(20).describe("Page size, 1-100"),
  cursor: z.string().min(1).max(200).optional().describe("The next_cursor of the previous page"),
};
