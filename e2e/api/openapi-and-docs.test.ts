import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { closeDb, getDb } from "@/db/client";
import { createAccount } from "@/lib/accounts/create-account";
import { API_ROUTES } from "@/lib/api/routes";
import { DEFAULT_RATE_LIMIT_PER_HOUR } from "@/lib/constants";

// Over real HTTP against `next start`: the document, the page built from it, and the
// rate-limit headers as a client sees them.
const BASE_URL = process.env.TESSERA_BASE_URL!;
let apiKey: string;

beforeAll(async () => {
  if (!BASE_URL) throw new Error("TESSERA_BASE_URL is not set: run this suite through `npm test`.");
  apiKey = (await createAccount(getDb(), { name: "openapi-e2e", creditMicros: 1_000_000 })).key.secret;
});
afterAll(async () => {
  await closeDb();
});

describe("the API's own description", () => {
  it("serves /v1/openapi.json without a key, listing every route", async () => {
    const response = await fetch(`${BASE_URL}/v1/openapi.json`);
    expect(response.status).toBe(200);
    const document = (await response.json()) as any;
    expect(document.openapi).toBe("3.1.0");
    for (const route of API_ROUTES) expect(document.paths[route.path]?.[route.method], `${route.method} ${route.path}`).toBeDefined();
  });

  it("renders /docs/api with every endpoint, and links it from the landing page", async () => {
    const page = await (await fetch(`${BASE_URL}/docs/api`)).text();
    for (const route of API_ROUTES) expect(page).toContain(route.path);
    expect(page).toContain("insufficient_funds");
    expect(await (await fetch(`${BASE_URL}/`)).text()).toContain('href="/docs/api"');
  });

  it("sends the rate-limit headers over HTTP", async () => {
    const response = await fetch(`${BASE_URL}/v1/balance`, { headers: { "X-Api-Key": apiKey } });
    expect(response.status).toBe(200);
    expect(response.headers.get("x-ratelimit-limit")).toBe(String(DEFAULT_RATE_LIMIT_PER_HOUR));
    expect(response.headers.get("x-ratelimit-remaining")).toBe(String(DEFAULT_RATE_LIMIT_PER_HOUR - 1));
    expect(Number(response.headers.get("x-ratelimit-reset"))).toBeGreaterThan(Date.now() / 1000);
  });
});
