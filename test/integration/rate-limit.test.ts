import { afterAll, describe, expect, it } from "vitest";
import { and, eq, sql } from "drizzle-orm";
import { drizzle } from "drizzle-orm/postgres-js";
import postgres from "postgres";
import { getDb } from "@/db/client";
import { setApiKeyRateLimit } from "@/db/queries/rate-limits";
import { apiKeys, rateLimitWindows } from "@/db/schema";
import * as schema from "@/db/schema";
import { consumeRateLimit } from "@/lib/api/rate-limit";
import { createApiKey } from "@/lib/api-keys/create-api-key";
import { env } from "@/lib/env";
import { call } from "./api-client";
import { newAccount } from "./helpers";

// A second, separate connection pool stands in for another app instance.
const otherSql = postgres(env.DATABASE_URL, { max: 2, onnotice: () => {} });
const otherInstance = drizzle(otherSql, { schema });
afterAll(async () => {
  await otherSql.end({ timeout: 5 });
});

async function keyWithLimit(perHour: number | null) {
  const { accountId } = await newAccount();
  const key = await createApiKey(getDb(), { accountId, name: "limited" });
  expect(await setApiKeyRateLimit(getDb(), { accountId, keyId: key.id, perHour })).toBe(true);
  return { accountId, keyId: key.id, apiKey: key.secret };
}

const limitHeaders = (h: Headers) => [h.get("x-ratelimit-limit"), h.get("x-ratelimit-remaining")];

describe("rate limits per key", () => {
  it("counts down in the headers and answers the 4th request of a 3/hour key with 429 and Retry-After", async () => {
    const { apiKey } = await keyWithLimit(3);
    const seen = [];
    for (let i = 0; i < 3; i++) {
      const { status, headers } = await call("get /v1/balance", { apiKey });
      expect(status).toBe(200);
      seen.push(limitHeaders(headers));
      const reset = Number(headers.get("x-ratelimit-reset"));
      expect(reset % 3600).toBe(0);
      expect(reset - Date.now() / 1000).toBeGreaterThan(0);
      expect(reset - Date.now() / 1000).toBeLessThanOrEqual(3600);
    }
    expect(seen).toEqual([
      ["3", "2"],
      ["3", "1"],
      ["3", "0"],
    ]);
    // Every route shares the key's budget, including one the key could otherwise use.
    const limited = await call("get /v1/batches", { apiKey });
    expect(limited.status).toBe(429);
    expect(limited.body.error.code).toBe("rate_limited");
    expect(limitHeaders(limited.headers)).toEqual(["3", "0"]);
    const retryAfter = Number(limited.headers.get("retry-after"));
    expect(retryAfter).toBeGreaterThanOrEqual(1);
    expect(retryAfter).toBeLessThanOrEqual(3600);
    // The answer says when to come back and how to pace.
    expect(limited.body.error.details).toEqual({ limit: 3, reset: expect.any(Number), retry_after: retryAfter });
    expect(limited.body.error.message).toContain(`retry after ${retryAfter} s`);
    expect(limited.body.error.message).toContain("?wait=30");
    // Limited before the capability check: no work at all is done for it.
    expect((await call("put /v1/batches/{id}/state", { apiKey, id: "batch_x", json: { state: "cancelled" } })).status).toBe(429);
  });

  it("puts the headers on error responses too", async () => {
    const { apiKey } = await keyWithLimit(10);
    const missing = await call("get /v1/batches/{id}", { apiKey, id: "batch_nope" });
    expect(missing.status).toBe(404);
    expect(limitHeaders(missing.headers)).toEqual(["10", "9"]);
    const invalid = await call("get /v1/batches", { apiKey, query: { limit: "0" } });
    expect(invalid.status).toBe(400);
    expect(limitHeaders(invalid.headers)).toEqual(["10", "8"]);
  });

  it("defaults to 5,000 an hour when the key has no limit of its own", async () => {
    const { apiKey } = await keyWithLimit(null);
    const { headers } = await call("get /v1/status", { apiKey });
    expect(limitHeaders(headers)).toEqual(["5000", "4999"]);
  });

  it("keeps the counter in PostgreSQL, shared by every instance", async () => {
    const { keyId, apiKey } = await keyWithLimit(5);
    await call("get /v1/balance", { apiKey });
    // The other instance sees this instance's request and adds its own.
    const other = await consumeRateLimit(otherInstance, { keyId, perHour: 5 });
    expect(other).toMatchObject({ limit: 5, remaining: 3, exceeded: false });
    await Promise.all([consumeRateLimit(otherInstance, { keyId, perHour: 5 }), consumeRateLimit(otherInstance, { keyId, perHour: 5 })]);
    const [row] = await otherInstance.select().from(rateLimitWindows).where(eq(rateLimitWindows.keyId, keyId));
    expect(row!.count).toBe(4);
    const { status, headers } = await call("get /v1/balance", { apiKey });
    expect([status, ...limitHeaders(headers)]).toEqual([200, "5", "0"]);
    expect((await call("get /v1/balance", { apiKey })).status).toBe(429);
  });

  it("counts concurrent requests exactly: 20 at once against a limit of 8 let 8 through", async () => {
    const { apiKey } = await keyWithLimit(8);
    const results = await Promise.all(Array.from({ length: 20 }, () => call("get /v1/balance", { apiKey })));
    expect(results.filter((r) => r.status === 200)).toHaveLength(8);
    expect(results.filter((r) => r.status === 429)).toHaveLength(12);
    expect(results.map((r) => r.headers.get("x-ratelimit-remaining")).filter((r) => r !== "0").sort()).toEqual(["1", "2", "3", "4", "5", "6", "7"]);
  });

  it("drops windows that ended long ago when a new window opens", async () => {
    const { keyId } = await keyWithLimit(5);
    await getDb().insert(rateLimitWindows).values({ keyId, windowStart: sql`now() - interval '5 hours'`, count: 7 });
    const fresh = await keyWithLimit(5);
    await call("get /v1/balance", { apiKey: fresh.apiKey });
    const old = await getDb().select().from(rateLimitWindows).where(and(eq(rateLimitWindows.keyId, keyId), sql`${rateLimitWindows.windowStart} < now() - interval '2 hours'`));
    expect(old).toEqual([]);
  });

  it("applies a changed limit at once", async () => {
    const { accountId, keyId, apiKey } = await keyWithLimit(1);
    expect((await call("get /v1/balance", { apiKey })).status).toBe(200);
    expect((await call("get /v1/balance", { apiKey })).status).toBe(429);
    await setApiKeyRateLimit(getDb(), { accountId, keyId, perHour: 100 });
    const { status, headers } = await call("get /v1/balance", { apiKey });
    expect([status, ...limitHeaders(headers)]).toEqual([200, "100", "97"]);
    const [key] = await getDb().select().from(apiKeys).where(eq(apiKeys.id, keyId));
    expect(key!.rateLimitPerHour).toBe(100);
  });
});
