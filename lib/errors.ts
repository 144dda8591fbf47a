import { loggableError } from "@/lib/log-safe";
import { unreachableDependency, type Dependency } from "@/lib/outage";

/**
 * The public error contract: every code the API can answer with, and its HTTP status.
 * Tests assert this table; changing a row is a breaking API change.
 */
export const ERROR_STATUS = {
  validation_error: 400,
  invalid_media: 400,
  unauthorized: 401,
  insufficient_funds: 403,
  forbidden: 403,
  not_found: 404,
  file_not_found: 404,
  method_not_allowed: 405,
  idempotency_conflict: 409,
  payload_too_large: 413,
  header_too_large: 431,
  rate_limited: 429,
  processing_error: 500,
  service_unavailable: 503,
} as const;

export type ErrorCode = keyof typeof ERROR_STATUS;

export class AppError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly details?: Record<string, unknown>,
  ) {
    super(message);
    this.name = "AppError";
  }

  get status(): number {
    return ERROR_STATUS[this.code];
  }

  toBody() {
    return { success: false as const, error: { code: this.code, message: this.message, details: this.details ?? {} } };
  }
}

const DEPENDENCY_NAMES: Record<Dependency, string> = { database: "The database", vectors: "The vector store" };

/** 503 service_unavailable: a dependency is down; nothing was done (or charged) for this request. */
export function serviceUnavailable(dependency: Dependency): AppError {
  return new AppError("service_unavailable", `${DEPENDENCY_NAMES[dependency]} is unavailable right now; nothing was done. Retry in a few seconds.`, {
    component: dependency,
    retry_after_seconds: SERVICE_RETRY_AFTER_SECONDS,
  });
}

/** What a client should wait before retrying a 503 (the supervisor's first restart takes ~1-5 s). */
export const SERVICE_RETRY_AFTER_SECONDS = 5;

/**
 * Anything that is not an AppError becomes a processing_error that leaks no internals, except
 * an unreachable dependency: that is a 503 the client can retry.
 */
export function toAppError(error: unknown, details?: Record<string, unknown>): AppError {
  if (error instanceof AppError) return error;
  const down = unreachableDependency(error);
  if (down) {
    console.error(`[tessera] ${down} unreachable: ${loggableError(error).split("\n")[0]}`);
    return serviceUnavailable(down);
  }
  console.error(`[tessera] unexpected error: ${loggableError(error)}`);
  return new AppError("processing_error", "An unexpected error occurred. Contact support with the batch_id if any.", details);
}
