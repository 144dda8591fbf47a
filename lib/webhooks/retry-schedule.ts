import { WEBHOOK_MAX_ATTEMPTS, WEBHOOK_MAX_DELAY_SECONDS } from "@/lib/constants";

/**
 * Seconds to wait after failed attempt `attempt` (1-based) before the next one, or null
 * when that was the last attempt. Both job drivers use this one schedule.
 */
export function webhookRetryDelaySeconds(attempt: number, baseSeconds: number): number | null {
  if (attempt >= WEBHOOK_MAX_ATTEMPTS) return null;
  return Math.min(baseSeconds * 4 ** (attempt - 1), WEBHOOK_MAX_DELAY_SECONDS);
}
