import type { DbOrTx } from "@/db/client";
import { deleteOldRateLimitWindows, hitRateLimitWindow } from "@/db/queries/rate-limits";
import { DEFAULT_RATE_LIMIT_PER_HOUR, RATE_LIMIT_WINDOW_SECONDS } from "@/lib/constants";

export interface RateLimitState {
  limit: number;
  remaining: number;
  /** Unix seconds at which the current window ends and the count starts again. */
  reset: number;
  exceeded: boolean;
}

/**
 * Fixed one-hour windows counted in PostgreSQL, so every app instance shares the limit.
 * Requests over the limit are counted too: a client hammering a 429 stays limited.
 */
export async function consumeRateLimit(db: DbOrTx, { keyId, perHour }: { keyId: string; perHour: number | null }): Promise<RateLimitState> {
  const limit = perHour ?? DEFAULT_RATE_LIMIT_PER_HOUR;
  const { count, reset } = await hitRateLimitWindow(db, { keyId, windowSeconds: RATE_LIMIT_WINDOW_SECONDS });
  // The first request of a key's window is a cheap, rare moment to drop every ended window.
  if (count === 1) await deleteOldRateLimitWindows(db, { olderThanSeconds: 2 * RATE_LIMIT_WINDOW_SECONDS });
  return { limit, remaining: Math.max(0, limit - count), reset, exceeded: count > limit };
}

export function rateLimitHeaders(state: RateLimitState): Record<string, string> {
  return {
    "X-RateLimit-Limit": String(state.limit),
    "X-RateLimit-Remaining": String(state.remaining),
    "X-RateLimit-Reset": String(state.reset),
    ...(state.exceeded && { "Retry-After": String(Math.max(1, state.reset - Math.floor(Date.now() / 1000))) }),
  };
}
