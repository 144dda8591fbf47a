import type { MediaCategory } from "@/lib/constants";
import { costBucketOf, costEstimateBody, type CostBucket, type CostEstimate } from "@/lib/billing/pricing";
import type { BatchSettings } from "./batch-settings";
import type { RejectedFile } from "./validate-files";

export type BatchCreatedBody = ReturnType<typeof batchCreatedBody>;

/** The POST /v1/batches response, field for field as on the reference page. */
export function batchCreatedBody(args: {
  batchId: string;
  settings: BatchSettings;
  createdAt: Date;
  estimatedAt: Date;
  seconds: number;
  estimate: CostEstimate;
  categories: MediaCategory[];
  rejected: RejectedFile[];
}) {
  const mediaTypes: Partial<Record<CostBucket, number>> = {};
  for (const category of args.categories) {
    const bucket = costBucketOf(category);
    mediaTypes[bucket] = (mediaTypes[bucket] ?? 0) + 1;
  }
  return {
    success: true as const,
    data: {
      batch_id: args.batchId,
      status: "created" as const,
      total_items: args.categories.length,
      created_at: args.createdAt.toISOString(),
      estimated_completion_seconds: args.seconds,
      estimated_completion: args.estimatedAt.toISOString(),
      collection: args.settings.collectionId,
      cost_estimate: costEstimateBody(args.estimate),
      settings: {
        force_overwrite: args.settings.forceOverwrite,
        collection_id: args.settings.collectionId,
        media_count: args.categories.length,
      },
    },
    metadata: {
      force_overwrite: args.settings.forceOverwrite,
      media_types: mediaTypes,
      collection_id: args.settings.collectionId,
      // Present only with skip_invalid, when some files were refused and the rest accepted.
      ...(args.rejected.length > 0 && { rejected_files: args.rejected }),
    },
  };
}
