import { createHash } from "node:crypto";
import { randomToken } from "@/lib/ids";

export const API_KEY_PREFIX = "tsk_";
/** 52 base32 characters: 260 bits of randomness. */
const SECRET_LENGTH = 52;
/** How much of the secret is kept in clear so a person can tell keys apart. */
const VISIBLE_LENGTH = API_KEY_PREFIX.length + 8;

export function hashApiKey(secret: string): string {
  return createHash("sha256").update(secret).digest("hex");
}

export function generateApiKey(): { secret: string; prefix: string; hash: string } {
  const secret = `${API_KEY_PREFIX}${randomToken(SECRET_LENGTH)}`;
  return { secret, prefix: secret.slice(0, VISIBLE_LENGTH), hash: hashApiKey(secret) };
}

export { CAPABILITIES, type Capability } from "./capabilities";
