import { describe, expect, it } from "vitest";
import { sessionExpired } from "./session-expiry";

describe("sessionExpired", () => {
  it("keeps a session younger than its maximum age", () => {
    expect(sessionExpired(1_000, 3600, 1_000 + 3599)).toBe(false);
  });
  it("ends it at its maximum age, however active it was", () => {
    expect(sessionExpired(1_000, 3600, 1_000 + 3600)).toBe(true);
  });
  it("ends a token without a sign-in time", () => {
    expect(sessionExpired(undefined, 3600, 5_000)).toBe(true);
  });
});
