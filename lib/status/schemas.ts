import { z } from "zod";
import { IsoTime, success } from "@/lib/api/envelope";
import { CAPABILITIES } from "@/lib/api-keys/generate-api-key";

const ComponentState = z.enum(["ok", "down"]);

export const HealthResponse = z.object({
  status: z.enum(["ok", "degraded"]),
  components: z.object({ database: ComponentState, vectors: ComponentState }),
});

export const StatusResponse = success(
  z.object({
    status: z.enum(["ok", "degraded"]),
    components: z.object({
      database: ComponentState,
      vectors: ComponentState,
      job_queue: z.object({
        queued_items: z.number().int().describe("This account's items waiting for a worker"),
        processing_items: z.number().int().describe("This account's items being processed"),
        worker_active: z
          .boolean()
          .describe("A worker holds a live lease on some item right now. Idle workers leave no trace, so false does not prove that none runs."),
        last_item_started_at: IsoTime.nullable().describe("When any worker last started an item"),
      }),
    }),
    capabilities: z.record(
      z.string(),
      z.object({
        available: z.boolean(),
        detail: z.string(),
        description: z.string(),
        install: z.string().optional().describe("When unavailable: the one command that adds it"),
      }),
    ),
    api_key: z.object({
      id: z.string(),
      capabilities: z.array(z.enum(CAPABILITIES)),
      rate_limit: z.object({
        limit: z.number().int().describe("Requests an hour"),
        remaining: z.number().int(),
        reset: z.number().int().describe("Unix seconds when the window ends"),
      }),
    }),
  }),
);
export type StatusResponse = z.infer<typeof StatusResponse>;
