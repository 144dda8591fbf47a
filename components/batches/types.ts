import type { z } from "zod";
// Types only: the response schemas are the API's contract, and nothing server-side is bundled.
import type { BatchCreatedResponse, BatchListResponse, BatchResultsResponse, BatchStateResponse, BatchStatusResponse } from "@/lib/batches/schemas";
import type { BalanceResponse } from "@/lib/billing/schemas";
import type { CollectionListResponse } from "@/lib/collections/schemas";
import type { BatchStatus } from "@/db/schema";

export type BatchCreated = z.infer<typeof BatchCreatedResponse>["data"];
export type BatchSummary = BatchListResponse["data"][number];
export type BatchDetail = z.infer<typeof BatchStatusResponse>["data"];
export type BatchResults = z.infer<typeof BatchResultsResponse>["data"];
export type BatchResultItem = BatchResults["items"][number];
export type BatchCancelled = BatchStateResponse["data"];
export type Balance = BalanceResponse["data"];
export type CollectionList = CollectionListResponse["data"];
export type { BatchStatus };

/** Every batch status, in the order a batch lives them (the filter's options). */
export const BATCH_STATUSES = ["created", "running", "completed", "failed", "cancelled"] as const satisfies readonly BatchStatus[];
// Fails to compile if db/schema gains a status this list lacks.
const exhaustive: Exclude<BatchStatus, (typeof BATCH_STATUSES)[number]> extends never ? true : never = true;
void exhaustive;

/** A batch in one of these no longer changes: polling stops. */
export function isFinished(status: BatchStatus): boolean {
  return status === "completed" || status === "failed" || status === "cancelled";
}
