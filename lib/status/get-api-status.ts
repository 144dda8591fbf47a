import { getDb } from "@/db/client";
import { queueSnapshot } from "@/db/queries/status";
import type { ApiKeyContext } from "@/lib/api-keys/authenticate-api-key";
import type { RateLimitState } from "@/lib/api/rate-limit";
import { detectCapabilities } from "@/lib/capabilities";
import { env } from "@/lib/env";
import { checkHealth } from "@/lib/health";
import type { StatusResponse } from "./schemas";

/** GET /v1/status: what runs, what this machine can process, and what this key may do. */
export async function getApiStatus({ ctx, rateLimit }: { ctx: ApiKeyContext; rateLimit: RateLimitState }): Promise<StatusResponse["data"]> {
  const [health, queue, capabilities] = await Promise.all([checkHealth(), queueSnapshot(getDb(), { accountId: ctx.accountId, aliveWithinSeconds: env.ITEM_LEASE_SECONDS }), detectCapabilities()]);
  return {
    status: health.status,
    components: {
      ...health.components,
      supervised: health.supervised,
      job_queue: {
        queued_items: queue.queued,
        processing_items: queue.processing,
        worker_active: queue.workersAlive > 0,
        workers_alive: queue.workersAlive,
        last_item_started_at: queue.lastStartedAt?.toISOString() ?? null,
      },
    },
    capabilities,
    api_key: { id: ctx.keyId, capabilities: ctx.capabilities, rate_limit: { limit: rateLimit.limit, remaining: rateLimit.remaining, reset: rateLimit.reset } },
  };
}
