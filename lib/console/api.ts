"use client";

import { navigateAfterAuthChange } from "./navigate";

/** What every console request sends: the session cookie goes by itself, this header proves same-origin. */
const CONSOLE_HEADERS = { "x-tessera-console": "1" } as const;

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details: Record<string, unknown> = {},
    /** The request that failed, e.g. "GET /v1/balance", so an error page can name it. */
    readonly request = "",
  ) {
    super(message);
    this.name = "ApiError";
  }
}

export type Envelope<T> = { success: true; data: T } & Record<string, unknown>;

/**
 * The console's one way to reach the server: /v1 (the public API, authorised by the session)
 * and /api/console. Resolves to the success envelope; rejects with ApiError carrying the
 * envelope's code and message, which the pages show as they are.
 */
export async function apiRequest<T>(path: string, init: { method?: string; json?: unknown; form?: FormData; signal?: AbortSignal } = {}): Promise<Envelope<T>> {
  const headers: Record<string, string> = { ...CONSOLE_HEADERS };
  let body: BodyInit | undefined;
  if (init.json !== undefined) {
    headers["content-type"] = "application/json";
    body = JSON.stringify(init.json);
  } else if (init.form) body = init.form;
  const method = init.method ?? (body ? "POST" : "GET");
  const request = `${method} ${path.split("?")[0]}`;
  let response: Response;
  try {
    response = await fetch(path, { method, headers, body, signal: init.signal, credentials: "same-origin" });
  } catch (error) {
    if ((error as Error).name === "AbortError") throw error;
    throw new ApiError(0, "network_error", "Tessera could not be reached. Check your connection and try again.", {}, request);
  }
  const payload = (await response.json().catch(() => null)) as { success?: boolean; error?: { code: string; message: string; details?: Record<string, unknown> } } | null;
  // With a cookie and the console header, 401 means only one thing: the session has ended.
  if (response.status === 401 && typeof window !== "undefined" && (path.startsWith("/v1") || path.startsWith("/api/console"))) {
    navigateAfterAuthChange(`/sign-in?expired=1&callbackUrl=${encodeURIComponent(window.location.pathname + window.location.search)}`);
  }
  if (!response.ok || !payload?.success) {
    const error = payload?.error;
    throw new ApiError(response.status, error?.code ?? "http_error", error?.message ?? `The server answered ${response.status}.`, error?.details, request);
  }
  return payload as Envelope<T>;
}

export const apiGet = <T>(path: string, signal?: AbortSignal) => apiRequest<T>(path, { signal });
