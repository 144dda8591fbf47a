import { describe, expect, it } from "vitest";
import { AppError, ERROR_STATUS, toAppError } from "@/lib/errors";

describe("the error contract", () => {
  it("maps every documented code to its status (DESIGN.md)", () => {
    expect(ERROR_STATUS).toEqual({
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
    });
  });

  it("renders the envelope", () => {
    const error = new AppError("insufficient_funds", "Insufficient balance for operation", { shortfall: 1.5 });
    expect(error.status).toBe(403);
    expect(error.toBody()).toEqual({ success: false, error: { code: "insufficient_funds", message: "Insufficient balance for operation", details: { shortfall: 1.5 } } });
  });

  it("never leaks an unexpected error's message", () => {
    const original = console.error;
    console.error = () => {};
    try {
      const error = toAppError(new Error("password=hunter2 at db.internal:5432"));
      expect(error.code).toBe("processing_error");
      expect(JSON.stringify(error.toBody())).not.toContain("hunter2");
    } finally {
      console.error = original;
    }
  });
});
