import type { DbOrTx } from "@/db/client";
import { getActiveApiKeyByHash, touchApiKey } from "@/db/queries/accounts";
import { AppError } from "@/lib/errors";
import { hashApiKey, type Capability } from "./generate-api-key";

export interface ApiKeyContext {
  accountId: string;
  keyId: string;
  capabilities: Capability[];
  /** null: the default limit applies. */
  rateLimitPerHour: number | null;
}

/** Reads X-Api-Key, or a Bearer token, as DESIGN.md allows both. */
export function readApiKey(headers: Headers): string | null {
  const direct = headers.get("x-api-key")?.trim();
  if (direct) return direct;
  const auth = headers.get("authorization")?.match(/^Bearer\s+(.+)$/i);
  return auth?.[1]?.trim() || null;
}

export async function authenticateApiKey(db: DbOrTx, headers: Headers): Promise<ApiKeyContext> {
  const secret = readApiKey(headers);
  if (!secret) throw new AppError("unauthorized", "Missing API key: send it in the X-Api-Key header.");
  const key = await getActiveApiKeyByHash(db, { hash: hashApiKey(secret) });
  if (!key) throw new AppError("unauthorized", "Invalid or revoked API key.");
  // Advisory and written at most once a minute: it need not hold up the request.
  touchApiKey(db, { id: key.id }).catch(() => {});
  return { accountId: key.accountId, keyId: key.id, capabilities: key.capabilities as Capability[], rateLimitPerHour: key.rateLimitPerHour };
}

export function requireCapability(ctx: ApiKeyContext, capability: Capability): void {
  if (!ctx.capabilities.includes(capability)) {
    throw new AppError("forbidden", `This API key lacks the '${capability}' capability.`, { required: capability });
  }
}
