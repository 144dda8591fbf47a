import { z } from "zod";
import { IsoTime, success } from "@/lib/api/envelope";
import { CAPABILITIES } from "@/lib/api-keys/generate-api-key";
import { CATEGORIES, type MediaCategory } from "@/lib/constants";

const MEDIA_CATEGORIES = Object.keys(CATEGORIES) as [MediaCategory, ...MediaCategory[]];

export const UploadLimits = z
  .object({
    max_files_per_batch: z.number().int().describe("Files in one POST /v1/batches"),
    max_batch_bytes: z.number().int().describe("Bytes of all files in one POST /v1/batches"),
    categories: z.array(
      z.object({
        category: z.enum(MEDIA_CATEGORIES),
        extensions: z.array(z.string()).describe("Lower-case, with the dot: .pdf"),
        max_bytes: z.number().int().describe("Largest accepted file of this category"),
      }),
    ),
  })
  .describe("What POST /v1/batches accepts by name and size, so a client can split a folder into batches without copying these numbers");

const ComponentState = z.enum(["ok", "down"]);

const Supervised = z
  .record(
    z.string(),
    z.object({
      state: z.enum(["running", "restarting", "stopped"]),
      restarts: z.number().int().describe("Times the supervisor restarted it since `npm start`"),
      last_exit: z.string().nullable().describe("How it last ended, e.g. `signal SIGKILL`"),
      last_exit_at: IsoTime.nullable(),
    }),
  )
  .describe("The processes `npm start` supervises (postgres, chroma, worker, web), restarted with backoff when they die; empty when no supervisor runs");

export const HealthResponse = z.object({
  status: z.enum(["ok", "degraded"]),
  components: z.object({ database: ComponentState, vectors: ComponentState }),
  supervised: Supervised,
});

export const StatusResponse = success(
  z.object({
    status: z.enum(["ok", "degraded"]),
    components: z.object({
      database: ComponentState,
      vectors: ComponentState,
      supervised: Supervised,
      job_queue: z.object({
        queued_items: z.number().int().describe("This account's items waiting for a worker"),
        processing_items: z.number().int().describe("This account's items being processed"),
        worker_active: z.boolean().describe("At least one worker process is alive (its heartbeat, beaten busy or idle, is younger than a lease)"),
        workers_alive: z.number().int().describe("Worker processes with a live heartbeat"),
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
    upload_limits: UploadLimits,
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
