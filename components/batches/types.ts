import type { z } from "zod";
// Types only: the response schemas are the API's contract, and nothing server-side is bundled.
import type { BatchCreatedResponse, BatchStateResponse } from "@/lib/batches/schemas";
import type { BatchResults } from "@/lib/console/queries";
import type { BatchStatus } from "@/db/schema";

export type BatchCreated = z.infer<typeof BatchCreatedResponse>["data"];
export type BatchResultItem = BatchResults["items"][number];
export type BatchCancelled = BatchStateResponse["data"];
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
