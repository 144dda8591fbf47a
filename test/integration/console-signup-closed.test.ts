import { afterAll, describe, expect, it } from "vitest";

// Read once per test file: this file runs with sign-up closed (ALLOW_SIGNUP=false).
process.env.ALLOW_SIGNUP = "false";
// process.env outlives this file in the worker process: leave it as found.
afterAll(() => {
  delete process.env.ALLOW_SIGNUP;
});

describe("ALLOW_SIGNUP=false", () => {
  it("refuses a new account once one exists, by password and by OAuth", async () => {
    const { getDb } = await import("@/db/client");
    const { signUp } = await import("@/lib/auth/sign-up");
    const { resolveOAuthUser } = await import("@/lib/auth/oauth-user");
    const { newAccount } = await import("./helpers");
    await newAccount();
    const address = `closed-${Date.now()}@example.test`;
    await expect(signUp(getDb(), { name: "A", email: address, password: "correct horse battery", accountName: "Closed" })).rejects.toMatchObject({ code: "forbidden" });
    expect(await resolveOAuthUser(getDb(), { email: address, name: "A" })).toBeNull();
  });
});
