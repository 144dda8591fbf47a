import createClient, { type Client } from "openapi-fetch";
import type { paths } from "./schema";

// The typed Tessera client: openapi-fetch over the types generated from GET /v1/openapi.json
// (sdk/schema.ts). Client-side only: nothing here imports the server's code, so sdk/ can be
// copied into another project with openapi-fetch as its one dependency.

export type { components, operations, paths } from "./schema";
export type TesseraClient = Client<paths>;

export interface TesseraClientOptions {
  /** The server's origin, e.g. http://127.0.0.1:3000 (a trailing /v1 is accepted). */
  baseUrl: string;
  apiKey: string;
  /** Retries of one request answered 429 (after Retry-After) or not answered at all. */
  maxRetries?: number;
  /** Told before each wait, so a CLI can say why it paused. */
  onRetry?: (info: { reason: "rate_limited" | "network"; waitSeconds: number; attempt: number }) => void;
  fetch?: typeof fetch;
}

/** Origin of TESSERA_URL-style values: "http://host:3000/v1/" and "http://host:3000" both work. */
export function apiOrigin(baseUrl: string): string {
  return baseUrl.replace(/\/+$/, "").replace(/\/v1$/, "");
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * A fetch that waits out 429s (the server's Retry-After says until when) and retries a request
 * that got no answer. Safe for POST /v1/batches because callers send an Idempotency-Key: a
 * retried submission is answered with the first batch and charged once.
 */
export function pacedFetch({ maxRetries = 5, onRetry, fetch: base = fetch }: Pick<TesseraClientOptions, "maxRetries" | "onRetry" | "fetch">) {
  return async (request: Request): Promise<Response> => {
    for (let attempt = 1; ; attempt++) {
      const copy = attempt <= maxRetries ? request.clone() : request;
      let response: Response;
      try {
        response = await base(copy);
      } catch (error) {
        // Aborted by the caller (a long poll given up on Ctrl-C): not a network failure to retry.
        if (attempt > maxRetries || request.signal.aborted) throw error;
        const waitSeconds = Math.min(8, 2 ** (attempt - 1));
        onRetry?.({ reason: "network", waitSeconds, attempt });
        await sleep(waitSeconds * 1000);
        continue;
      }
      if (response.status !== 429 || attempt > maxRetries) return response;
      const waitSeconds = Math.max(1, Number(response.headers.get("retry-after")) || 60);
      await response.body?.cancel();
      onRetry?.({ reason: "rate_limited", waitSeconds, attempt });
      await sleep(waitSeconds * 1000);
    }
  };
}

export function createTesseraClient(options: TesseraClientOptions): TesseraClient {
  return createClient<paths>({
    baseUrl: apiOrigin(options.baseUrl),
    headers: { "X-Api-Key": options.apiKey },
    fetch: pacedFetch(options),
  });
}

/** The error envelope's message, or the HTTP status when the body was not the envelope. */
export function errorMessage(error: unknown, response: Response): string {
  const e = (error as { error?: { code?: string; message?: string } } | undefined)?.error;
  return e?.message ? `${e.code ?? response.status}: ${e.message}` : `HTTP ${response.status}`;
}

type Json<P extends keyof paths, M extends keyof paths[P]> = paths[P][M] extends { responses: { 200: { content: { "application/json": infer B } } } } ? B : never;
/** The `data` of a 200 answer, e.g. ApiData<"/v1/status", "get">. */
export type ApiData<P extends keyof paths, M extends keyof paths[P]> = Json<P, M> extends { data: infer D } ? D : never;
export type UploadLimits = ApiData<"/v1/status", "get">["upload_limits"];
