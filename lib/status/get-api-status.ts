import { getDb } from "@/db/client";
import { queueSnapshot } from "@/db/queries/status";
import type { ApiKeyContext } from "@/lib/api-keys/authenticate-api-key";
import type { RateLimitState } from "@/lib/api/rate-limit";
import { detectCapabilities } from "@/lib/capabilities";
import { env } from "@/lib/env";
import { checkHealth } from "@/lib/health";
import { CATEGORIES, MAX_BATCH_BYTES, MAX_FILES_PER_BATCH, type MediaCategory } from "@/lib/constants";
import type { StatusResponse } from "./schemas";

const UPLOAD_LIMITS: StatusResponse["data"]["upload_limits"] = {
  max_files_per_batch: MAX_FILES_PER_BATCH,
  max_batch_bytes: MAX_BATCH_BYTES,
  categories: (Object.entries(CATEGORIES) as [MediaCategory, (typeof CATEGORIES)[MediaCategory]][]).map(([category, spec]) => ({
    category,
    extensions: [...spec.extensions],
    max_bytes: spec.maxBytes,
  })),
};

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
    upload_limits: UPLOAD_LIMITS,
    api_key: { id: ctx.keyId, capabilities: ctx.capabilities, rate_limit: { limit: rateLimit.limit, remaining: rateLimit.remaining, reset: rateLimit.reset } },
  };
}
