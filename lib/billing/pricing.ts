import { ITEM_PRICE_MICROS, MICROS_PER_DOLLAR, PROCESSING_PRICE_MICROS, STORAGE_PRICE_MICROS, type MediaCategory } from "@/lib/constants";

/** The buckets of the reference response's cost breakdown. */
export type CostBucket = "document" | "image" | "video" | "audio" | "model";

export function costBucketOf(category: MediaCategory): CostBucket {
  switch (category) {
    case "image":
      return "image";
    case "video":
      return "video";
    case "audio":
      return "audio";
    case "model3d":
      return "model";
    default:
      return "document";
  }
}

/** Integer micros divided by a power of ten print exactly (90_000 -> 0.09). */
export function microsToDollars(micros: number): number {
  return micros / MICROS_PER_DOLLAR;
}

export function dollarsToMicros(dollars: number): number {
  return Math.round(dollars * MICROS_PER_DOLLAR);
}

export interface CostEstimate {
  totalMicros: number;
  processingMicros: Record<CostBucket, number>;
  storageMicros: number;
}

/** Only files that will be processed are priced: duplicates skipped are free. */
export function estimateCost(chargedCategories: readonly MediaCategory[]): CostEstimate {
  const processingMicros: Record<CostBucket, number> = { document: 0, image: 0, video: 0, audio: 0, model: 0 };
  for (const category of chargedCategories) processingMicros[costBucketOf(category)] += PROCESSING_PRICE_MICROS;
  return {
    totalMicros: chargedCategories.length * ITEM_PRICE_MICROS,
    processingMicros,
    storageMicros: chargedCategories.length * STORAGE_PRICE_MICROS,
  };
}

export function costEstimateBody(estimate: CostEstimate) {
  const p = estimate.processingMicros;
  return {
    total: microsToDollars(estimate.totalMicros),
    breakdown: {
      processing: {
        document: microsToDollars(p.document),
        image: microsToDollars(p.image),
        video: microsToDollars(p.video),
        audio: microsToDollars(p.audio),
        model: microsToDollars(p.model),
      },
      storage: microsToDollars(estimate.storageMicros),
    },
  };
}
