import { z } from "zod";
import { DEFAULT_ITEM_LEASE_SECONDS } from "./constants";

// The only reader of process.env. Everything else imports `env`.
const boolish = z
  .enum(["true", "false", "1", "0", ""])
  .optional()
  .transform((v) => v === "true" || v === "1");

const EnvSchema = z.object({
  NODE_ENV: z.enum(["development", "production", "test"]).default("development"),
  /** Set by `npm start`/`npm run dev` to the embedded PostgreSQL when the user gave none. */
  DATABASE_URL: z.string().url(),
  /** Set by `npm start`/`npm run dev` to the embedded Chroma when the user gave none. */
  CHROMA_URL: z.string().url(),
  /** Root of local state: uploads live under DATA_DIR/uploads. */
  DATA_DIR: z.string().default(".data"),
  /** Seconds without a heartbeat after which another worker takes an item over. */
  ITEM_LEASE_SECONDS: z.coerce.number().int().min(5).default(DEFAULT_ITEM_LEASE_SECONDS),
  /** Per-item wall-clock budget; an item over it fails cleanly and is refunded. */
  ITEM_TIMEOUT_SECONDS: z.coerce.number().int().min(5).default(300),
  WORKER_CONCURRENCY: z.coerce.number().int().min(1).max(32).default(2),
  /** Test-only hook: a worker exits hard after storing this many chunks of an item (crash tests). */
  TESSERA_CRASH_AFTER_CHUNKS: z.coerce.number().int().optional(),
  LOG_QUERIES: boolish,
});

export type Env = z.infer<typeof EnvSchema>;

function parseEnv(): Env {
  const parsed = EnvSchema.safeParse(process.env);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `  ${i.path.join(".")}: ${i.message}`).join("\n");
    throw new Error(`Invalid environment:\n${problems}\nStart Tessera with \`npm start\`, which sets the embedded defaults.`);
  }
  return parsed.data;
}

let cached: Env | undefined;

/** Parsed lazily so `next build` can import modules without a database configured. */
export const env: Env = new Proxy({} as Env, {
  get(_target, key: string) {
    cached ??= parseEnv();
    return cached[key as keyof Env];
  },
});
