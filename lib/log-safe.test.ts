import { DrizzleQueryError } from "drizzle-orm/errors";
import { describe, expect, it } from "vitest";
import { loggableError } from "./log-safe";

describe("loggableError", () => {
  it("keeps a failed query's SQL and its cause, never its parameters (users' text)", () => {
    const cause = Object.assign(new Error('relation "chunks" does not exist'), { code: "42P01" });
    const error = new DrizzleQueryError("insert into chunks (text) values ($1)", ["Secret diary: the harbour code is 4242"], cause);
    const line = loggableError(error);
    expect(line).toContain("Failed query: insert into chunks (text) values ($1) (parameters not logged)");
    expect(line).toContain('caused by Error [42P01]: relation "chunks" does not exist');
    expect(line).not.toContain("Secret diary");
    expect(line).toMatch(/\n\s+at /);
  });

  it("describes other errors with their message", () => {
    expect(loggableError(new TypeError("x is not a function"))).toMatch(/^TypeError: x is not a function/);
    expect(loggableError("a string")).toBe("non-error value of type string");
  });
});
