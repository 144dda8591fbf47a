import { randomBytes } from "node:crypto";

// Lower-case base32 (no padding): safe in URLs, Chroma names and file names.
const ALPHABET = "abcdefghijklmnopqrstuvwxyz234567";

export function randomToken(length: number): string {
  const bytes = randomBytes(length);
  let out = "";
  for (let i = 0; i < length; i++) out += ALPHABET[bytes[i]! & 31];
  return out;
}

export type IdPrefix = "acct" | "user" | "key" | "col" | "batch" | "item" | "med" | "evt" | "inv";

/** Ids carry their type, so a media id pasted where a batch id belongs is an obvious 404. */
export function newId(prefix: IdPrefix): string {
  return `${prefix}_${randomToken(20)}`;
}
