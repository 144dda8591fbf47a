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
      header_too_large: 431,
      rate_limited: 429,
      processing_error: 500,
      service_unavailable: 503,
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

  it("answers an unreachable database or vector store with 503 service_unavailable, naming the component", () => {
    const original = console.error;
    console.error = () => {};
    try {
      // drizzle wraps postgres.js's socket error; Chroma's client throws its own connection error.
      const refused = Object.assign(new Error("connect ECONNREFUSED 127.0.0.1:54329"), { code: "ECONNREFUSED", port: 54329 });
      const database = toAppError(Object.assign(new Error("Failed query: select 1\nparams: secret text"), { cause: refused }));
      expect(database.status).toBe(503);
      expect(database.toBody().error).toMatchObject({ code: "service_unavailable", details: { component: "database" } });
      expect(JSON.stringify(database.toBody())).not.toContain("secret text");
      const shuttingDown = toAppError(Object.assign(new Error("terminating connection due to administrator command"), { code: "57P01" }));
      expect(shuttingDown.code).toBe("service_unavailable");
      const chroma = toAppError(Object.assign(new Error("Failed to connect to chromadb."), { name: "ChromaConnectionError" }));
      expect(chroma.toBody().error).toMatchObject({ code: "service_unavailable", details: { component: "vectors" } });
      // A query that is merely wrong stays a 500.
      expect(toAppError(Object.assign(new Error("syntax error"), { code: "42601" })).code).toBe("processing_error");
    } finally {
      console.error = original;
    }
  });
});
