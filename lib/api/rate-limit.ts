import type { DbOrTx } from "@/db/client";
import { deleteOldRateLimitWindows, hitRateLimitWindow } from "@/db/queries/rate-limits";
import { DEFAULT_RATE_LIMIT_PER_HOUR, RATE_LIMIT_WINDOW_SECONDS } from "@/lib/constants";
import { AppError } from "@/lib/errors";

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
    ...(state.exceeded && { "Retry-After": String(retryAfterSeconds(state)) }),
  };
}

/** Seconds until the window ends and the key may send again (the Retry-After header). */
export function retryAfterSeconds(state: RateLimitState): number {
  return Math.max(1, state.reset - Math.floor(Date.now() / 1000));
}

/** The 429: when to retry, and how to stay under the limit next time. */
export function rateLimitedError(state: RateLimitState): AppError {
  const retryAfter = retryAfterSeconds(state);
  return new AppError(
    "rate_limited",
    `Rate limit of ${state.limit} requests an hour exceeded: retry after ${retryAfter} s (Retry-After header). To pace, keep to ${state.limit} requests an hour as X-RateLimit-Remaining and X-RateLimit-Reset count them down; follow batches with one GET /v1/batches/{id}?wait=30 or webhooks instead of polling, and send up to 25 files per batch.`,
    { limit: state.limit, reset: state.reset, retry_after: retryAfter },
  );
}
