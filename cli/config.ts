import { createTesseraClient, type TesseraClient } from "../sdk/client";

export interface GlobalFlags {
  url?: string;
  apiKey?: string;
}

export const DEFAULT_URL = "http://127.0.0.1:3000";

/** Flags win over TESSERA_URL / TESSERA_API_KEY; the key has no default. */
export function clientFromFlags(flags: GlobalFlags, onRetry?: (line: string) => void): TesseraClient {
  const apiKey = flags.apiKey ?? process.env.TESSERA_API_KEY;
  if (!apiKey) throw new UsageError("No API key: set TESSERA_API_KEY or pass --api-key.");
  return createTesseraClient({
    baseUrl: flags.url ?? process.env.TESSERA_URL ?? DEFAULT_URL,
    apiKey,
    onRetry: ({ reason, waitSeconds }) => onRetry?.(reason === "rate_limited" ? `rate limited: waiting ${waitSeconds} s (Retry-After)` : `no answer: retrying in ${waitSeconds} s`),
  });
}

export class UsageError extends Error {}
