import { createHmac, randomBytes, timingSafeEqual } from "node:crypto";

export const SIGNATURE_HEADER = "Tessera-Signature";
export const EVENT_ID_HEADER = "Tessera-Event-Id";
export const EVENT_TYPE_HEADER = "Tessera-Event-Type";

/** Per-account signing secret: 256 random bits. */
export function newWebhookSecret(): string {
  return `whsec_${randomBytes(32).toString("hex")}`;
}

/**
 * `t=<unix seconds>,v1=<hex HMAC-SHA256 of "${t}.${body}">`: the timestamp is signed too, so a
 * captured request cannot be replayed later with a fresh timestamp.
 */
export function signWebhook({ secret, timestamp, body }: { secret: string; timestamp: number; body: string }): string {
  const mac = createHmac("sha256", secret).update(`${timestamp}.${body}`).digest("hex");
  return `t=${timestamp},v1=${mac}`;
}

/** What a receiver does (also README's example): recompute, compare in constant time, bound the age. */
export function verifyWebhookSignature({ secret, header, body, toleranceSeconds = 300, now = Date.now() }: { secret: string; header: string; body: string; toleranceSeconds?: number; now?: number }): boolean {
  const parts = Object.fromEntries(header.split(",").map((p) => p.split("=", 2) as [string, string]));
  const timestamp = Number(parts.t);
  if (!Number.isInteger(timestamp) || !parts.v1) return false;
  if (Math.abs(now / 1000 - timestamp) > toleranceSeconds) return false;
  const expected = Buffer.from(signWebhook({ secret, timestamp, body }).split("v1=")[1]!, "hex");
  const given = Buffer.from(parts.v1, "hex");
  return given.length === expected.length && timingSafeEqual(given, expected);
}
