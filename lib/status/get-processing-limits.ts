import { CATEGORIES, ITEM_MAX_ATTEMPTS, ITEM_PRICE_MICROS, MAX_BATCH_BYTES, MAX_FILES_PER_BATCH, type MediaCategory } from "@/lib/constants";
import { env, jobDriver, type JobDriver } from "@/lib/env";

export interface ProcessingLimits {
  jobDriver: JobDriver;
  workerConcurrency: number;
  itemTimeoutSeconds: number;
  itemMaxAttempts: number;
  maxFilesPerBatch: number;
  maxBatchBytes: number;
  itemPriceMicros: number;
  categories: { category: MediaCategory; extensions: readonly string[]; maxBytes: number; maxTokens?: number; maxDurationSeconds?: number }[];
}

/**
 * The server's configuration for the status page. Not part of /v1/status: the job driver and
 * worker settings describe the installation, which an API key's program has no use for.
 */
export function getProcessingLimits(): ProcessingLimits {
  return {
    jobDriver: jobDriver(),
    workerConcurrency: env.WORKER_CONCURRENCY,
    itemTimeoutSeconds: env.ITEM_TIMEOUT_SECONDS,
    itemMaxAttempts: ITEM_MAX_ATTEMPTS,
    maxFilesPerBatch: MAX_FILES_PER_BATCH,
    maxBatchBytes: MAX_BATCH_BYTES,
    itemPriceMicros: ITEM_PRICE_MICROS,
    categories: (Object.entries(CATEGORIES) as [MediaCategory, (typeof CATEGORIES)[MediaCategory]][]).map(([category, spec]) => ({ category, ...spec })),
  };
}
