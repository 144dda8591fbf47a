import { loggableError } from "@/lib/log-safe";

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
  rate_limited: 429,
  processing_error: 500,
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

/** Anything that is not an AppError becomes a processing_error that leaks no internals. */
export function toAppError(error: unknown, details?: Record<string, unknown>): AppError {
  if (error instanceof AppError) return error;
  console.error(`[tessera] unexpected error: ${loggableError(error)}`);
  return new AppError("processing_error", "An unexpected error occurred. Contact support with the batch_id if any.", details);
}
