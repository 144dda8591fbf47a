import { z } from "zod";
import { DEFAULT_ITEM_LEASE_SECONDS, DEFAULT_SESSION_MAX_AGE_SECONDS } from "./constants";

// The only reader of process.env. Everything else imports `env`.
const boolish = z
  .enum(["true", "false", "1", "0", ""])
  .optional()
  .transform((v) => v === "true" || v === "1");

// An empty value (`STRIPE_SECRET_KEY=` in a .env file) means unset, not an invalid key.
const optionalSecret = z
  .string()
  .optional()
  .transform((v) => v || undefined);

const EnvSchema = z.object({
  NODE_ENV: z.enum(["development", "production", "test"]).default("development"),
  /** Defaults to the embedded PostgreSQL that `npm start` runs (scripts/services.mjs), on TESSERA_PG_PORT. */
  DATABASE_URL: z.string().url().optional(),
  /** Defaults to the embedded Chroma that `npm start` runs, on TESSERA_CHROMA_PORT. */
  CHROMA_URL: z.string().url().optional(),
  /** Chroma Cloud's API key, or a token-secured Chroma's token: sent as `x-chroma-token` on every request. */
  CHROMA_API_KEY: z.string().min(1).optional(),
  /** The tenant and database of Chroma to use (Chroma Cloud names both); Chroma's defaults otherwise. */
  CHROMA_TENANT: z.string().min(1).optional(),
  CHROMA_DATABASE: z.string().min(1).optional(),
  /** More headers for Chroma, as a JSON object, e.g. `{"Authorization":"Bearer ..."}` for a proxy in front of it. */
  CHROMA_HEADERS: z
    .string()
    .optional()
    .transform((raw, ctx) => {
      if (!raw) return {};
      try {
        const parsed: unknown = JSON.parse(raw);
        if (parsed && typeof parsed === "object" && !Array.isArray(parsed) && Object.values(parsed).every((v) => typeof v === "string")) return parsed as Record<string, string>;
      } catch {}
      ctx.addIssue({ code: "custom", message: 'must be a JSON object of strings, e.g. {"Authorization":"Bearer ..."}' });
      return z.NEVER;
    }),
  /** Ports of the embedded services, so `npm run admin` finds a second instance's database too. */
  TESSERA_PG_PORT: z.coerce.number().int().min(1).max(65535).default(54329),
  TESSERA_CHROMA_PORT: z.coerce.number().int().min(1).max(65535).default(8765),
  /** Root of local state: uploads live under DATA_DIR/uploads unless STORAGE_URL names an object store. */
  DATA_DIR: z.string().default(".data"),
  /**
   * Where uploads and previews are kept: unset means DATA_DIR (one machine, or a shared disk);
   * s3://bucket/prefix means S3-compatible object storage, so workers need no shared disk.
   */
  STORAGE_URL: z
    .string()
    .regex(/^s3:\/\/[a-z0-9][a-z0-9.-]{1,61}[a-z0-9](\/.*)?$/, "s3://bucket or s3://bucket/prefix")
    .optional()
    .or(z.literal("").transform(() => undefined)),
  /** The S3 API's URL for anything but AWS itself (MinIO, R2, Ceph RGW...); unset: AWS for S3_REGION. */
  S3_ENDPOINT: z.string().url().optional(),
  S3_REGION: z.string().min(1).default("us-east-1"),
  /** Unset: the AWS SDK's own chain (instance role, ~/.aws, web identity). */
  AWS_ACCESS_KEY_ID: optionalSecret,
  AWS_SECRET_ACCESS_KEY: optionalSecret,
  AWS_SESSION_TOKEN: optionalSecret,
  /** bucket in the path (http://host/bucket/key) instead of the host name: MinIO and most self-hosted stores. */
  S3_FORCE_PATH_STYLE: boolish,
  /** Seconds without a heartbeat after which another worker takes an item over. */
  ITEM_LEASE_SECONDS: z.coerce.number().int().min(5).default(DEFAULT_ITEM_LEASE_SECONDS),
  /** Per-item wall-clock budget; an item over it fails cleanly and is refunded. */
  ITEM_TIMEOUT_SECONDS: z.coerce.number().int().min(5).default(300),
  WORKER_CONCURRENCY: z.coerce.number().int().min(1).max(32).default(2),
  /** Threads of the offline text model per process (each holds a copy of the model); default: the cores, at most 4. */
  EMBEDDING_THREADS: z.coerce.number().int().min(1).max(32).optional(),
  LOG_QUERIES: boolish,
  /** BM25's term-frequency saturation and length normalisation (full-text search); Lucene's defaults. */
  BM25_K1: z.coerce.number().min(0).max(10).default(1.2),
  BM25_B: z.coerce.number().min(0).max(1).default(0.75),
  /** An HTTP rerank service (TEI, Jina or Cohere style POST /rerank): when set, text search reorders its top results with it. */
  RERANK_URL: z.string().url().optional(),
  RERANK_API_KEY: optionalSecret,
  RERANK_MODEL: z.string().min(1).optional(),
  /** How many of the fused results are reranked, and how long search waits before keeping its own order. */
  RERANK_TOP_N: z.coerce.number().int().min(1).max(250).default(50),
  RERANK_TIMEOUT_MS: z.coerce.number().int().min(50).default(2_000),
  /** Lets webhooks reach loopback, private and link-local addresses (an operator's own network). */
  WEBHOOK_ALLOW_PRIVATE: boolish,
  /** First retry delay of a failed webhook; later ones grow 4x (see lib/webhooks/retry-schedule.ts). */
  WEBHOOK_RETRY_BASE_SECONDS: z.coerce.number().positive().default(30),
  /** Inngest Cloud keys; either one, or INNGEST_DEV, switches the job driver to Inngest. */
  INNGEST_EVENT_KEY: z.string().min(1).optional(),
  INNGEST_SIGNING_KEY: z.string().min(1).optional(),
  /** "1" for a local Inngest dev server on its default URL, or that server's URL. */
  INNGEST_DEV: z.string().min(1).optional(),
  /** A self-hosted Inngest server's URL (events and API); unset means Inngest Cloud. */
  INNGEST_BASE_URL: z.string().url().optional(),
  /** Default provider of each embedding space; COLLECTION_EMBEDDINGS overrides it per collection. */
  TEXT_EMBEDDINGS: z.enum(["offline", "transformers", "openai"]).default("offline"),
  VISUAL_EMBEDDINGS: z.enum(["offline", "transformers", "none"]).default("offline"),
  /** JSON map from collection-name glob to providers, e.g. {"photos/*": {"visual": "transformers"}}. */
  COLLECTION_EMBEDDINGS: z.string().optional(),
  /** Folder of local @huggingface/transformers models; model names are paths inside it. */
  TRANSFORMERS_MODEL_DIR: z.string().optional(),
  TRANSFORMERS_TEXT_MODEL: z.string().optional(),
  TRANSFORMERS_CLIP_MODEL: z.string().optional(),
  /** Which weights file of the text model (model.onnx, model_quantized.onnx...); default: fp32 if present, else q8. */
  TRANSFORMERS_DTYPE: z.enum(["fp32", "fp16", "q8", "int8", "uint8", "q4", "q4f16", "bnb4"]).optional(),
  /** Overrides the folder's 1_Pooling/config.json (mean when it has none; CLS for BGE v1.5, arctic). */
  TRANSFORMERS_POOLING: z.enum(["mean", "cls"]).optional(),
  /** Override the folder's config_sentence_transformers.json prompts, e.g. "query: " / "passage: " for E5. */
  TRANSFORMERS_QUERY_PREFIX: z.string().optional(),
  TRANSFORMERS_DOCUMENT_PREFIX: z.string().optional(),
  OPENAI_EMBEDDINGS_BASE_URL: z.string().url().default("https://api.openai.com/v1"),
  OPENAI_EMBEDDINGS_API_KEY: z.string().optional(),
  OPENAI_EMBEDDINGS_MODEL: z.string().default("text-embedding-3-small"),
  /** What the model returns; every response is checked against it (a collection never mixes dimensions). */
  OPENAI_EMBEDDINGS_DIMENSIONS: z.coerce.number().int().min(1).max(65_536).default(1536),
  OPENAI_EMBEDDINGS_TIMEOUT_SECONDS: z.coerce.number().min(1).default(60),
  /**
   * Who turns speech into text: offline (pocketsphinx, the default), openai (any
   * OpenAI-compatible /v1/audio/transcriptions server) or transformers (a local Whisper folder).
   */
  SPEECH_TO_TEXT: z.enum(["offline", "openai", "transformers"]).default("offline"),
  /** ISO-639-1 language of the speech (e.g. "en", "de") for openai and transformers; unset: detected. */
  SPEECH_LANGUAGE: z.string().regex(/^[a-z]{2,3}$/, "an ISO-639-1 code such as en").optional(),
  OPENAI_SPEECH_BASE_URL: z.string().url().default("https://api.openai.com/v1"),
  OPENAI_SPEECH_API_KEY: z.string().optional(),
  OPENAI_SPEECH_MODEL: z.string().default("whisper-1"),
  OPENAI_SPEECH_TIMEOUT_SECONDS: z.coerce.number().min(1).default(300),
  OPENAI_SPEECH_MAX_RETRIES: z.coerce.number().int().min(0).max(10).default(4),
  /** Audio is sent in slices of this many seconds (16 kHz WAV; 780 s is the most under a 25 MB upload limit). */
  OPENAI_SPEECH_SLICE_SECONDS: z.coerce.number().int().min(10).max(780).default(600),
  /** A Whisper export (onnx/encoder_model.onnx, onnx/decoder_model_merged.onnx...) inside TRANSFORMERS_MODEL_DIR. */
  TRANSFORMERS_SPEECH_MODEL: z.string().optional(),
  /** Signs console session cookies (next-auth). `npm start` creates one in DATA_DIR/auth-secret. */
  AUTH_SECRET: z.string().min(16).optional(),
  /** A console session ends this long after sign-in (default 8 hours). */
  SESSION_MAX_AGE_SECONDS: z.coerce.number().int().min(60).default(DEFAULT_SESSION_MAX_AGE_SECONDS),
  /** "false" closes sign-up once one account exists (new admins then join by invitation). */
  ALLOW_SIGNUP: z.enum(["true", "false"]).default("true"),
  /** OAuth sign-in providers, each switched on when both its values are set. */
  AUTH_GITHUB_ID: z.string().min(1).optional(),
  AUTH_GITHUB_SECRET: z.string().min(1).optional(),
  AUTH_GOOGLE_ID: z.string().min(1).optional(),
  AUTH_GOOGLE_SECRET: z.string().min(1).optional(),
  /** Stripe Checkout top-ups are on only when both keys are set; otherwise an operator grants credit. */
  STRIPE_SECRET_KEY: optionalSecret,
  /** The signing secret (whsec_...) of the endpoint registered for /api/stripe/webhook. */
  STRIPE_WEBHOOK_SECRET: optionalSecret,
  /** A Stripe-compatible API to talk to instead of Stripe's own (a local fake in tests). */
  STRIPE_API_URL: z.string().url().optional(),
  /**
   * Currency of top-ups. Balances are kept in micro-units of it with no conversion, and a
   * Stripe amount is taken as cents, so it must be a two-decimal currency (usd, eur, gbp...).
   */
  STRIPE_CURRENCY: z
    .string()
    .regex(/^[A-Za-z]{3}$/, "a three-letter ISO currency code")
    .default("usd")
    .transform((v) => v.toLowerCase()),
});

export type Env = Omit<z.infer<typeof EnvSchema>, "DATABASE_URL" | "CHROMA_URL" | "TESSERA_PG_PORT" | "TESSERA_CHROMA_PORT"> & { DATABASE_URL: string; CHROMA_URL: string };

export type JobDriver = "postgres" | "inngest";

/** DESIGN.md: Inngest replaces the Postgres queue as soon as it is configured. */
export function jobDriver(e: Pick<Env, "INNGEST_EVENT_KEY" | "INNGEST_SIGNING_KEY" | "INNGEST_DEV"> = env): JobDriver {
  return e.INNGEST_EVENT_KEY || e.INNGEST_SIGNING_KEY || e.INNGEST_DEV ? "inngest" : "postgres";
}

function parseEnv(): Env {
  const parsed = EnvSchema.safeParse(process.env);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `  ${i.path.join(".")}: ${i.message}`).join("\n");
    throw new Error(`Invalid environment:\n${problems}\nStart Tessera with \`npm start\`, which sets the embedded defaults.`);
  }
  const { TESSERA_PG_PORT, TESSERA_CHROMA_PORT, ...rest } = parsed.data;
  return {
    ...rest,
    DATABASE_URL: rest.DATABASE_URL ?? `postgres://postgres:tessera@127.0.0.1:${TESSERA_PG_PORT}/tessera`,
    CHROMA_URL: rest.CHROMA_URL ?? `http://127.0.0.1:${TESSERA_CHROMA_PORT}`,
  };
}

let cached: Env | undefined;

/** Parsed lazily so `next build` can import modules without a database configured. */
export const env: Env = new Proxy({} as Env, {
  get(_target, key: string) {
    cached ??= parseEnv();
    return cached[key as keyof Env];
  },
});
