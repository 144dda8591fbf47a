import { mkdtemp, rm } from "node:fs/promises";
import http from "node:http";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { POST as searchRoute } from "@/app/v1/search/route";
import { PATCH as patchMediaRoute } from "@/app/v1/media/[id]/route";
import { GET as getHealth } from "@/app/health/route";
import { getDb } from "@/db/client";
import { env } from "@/lib/env";
import { startPostgresWorker, type RunningWorker } from "@/lib/jobs/postgres-worker";
// @ts-expect-error -- plain ESM helpers shared with `npm start`, without type declarations
import { findFreePort, startChroma } from "../../scripts/services.mjs";
import { newAccount } from "./helpers";
import { call, readyMedia } from "./media-helpers";

// Chroma Cloud and a token-secured Chroma both want a tenant, a database and a token on every
// request. The embedded Chroma has no authentication of its own, so this file's Chroma sits
// behind a proxy that refuses any request without the token and the extra header, as a secured
// server would; the tenant and database are real ones, created in that Chroma.
const TOKEN = "ck-test-token";
const TENANT = "acme";
const DATABASE = "vectors";
let dir: string;
let chroma: { url: string; stop: () => Promise<void> };
let proxy: http.Server;
const seen = { allowed: 0, refused: [] as string[] };
let worker: RunningWorker;

beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), "tessera-chroma-auth-"));
  chroma = await startChroma({ dataDir: path.join(dir, "chroma"), port: await findFreePort() });
  const admin = (p: string, body: unknown) => fetch(`${chroma.url}${p}`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body) });
  expect((await admin("/api/v2/tenants", { name: TENANT })).ok).toBe(true);
  expect((await admin(`/api/v2/tenants/${TENANT}/databases`, { name: DATABASE })).ok).toBe(true);

  const target = new URL(chroma.url);
  proxy = http.createServer((req, res) => {
    if (req.headers["x-chroma-token"] !== TOKEN || req.headers["authorization"] !== "Bearer from-headers") {
      seen.refused.push(`${req.method} ${req.url}`);
      res.writeHead(401, { "content-type": "application/json" }).end(JSON.stringify({ error: "Unauthorized" }));
      return;
    }
    seen.allowed++;
    const upstream = http.request({ host: target.hostname, port: target.port, path: req.url, method: req.method, headers: req.headers }, (answer) => {
      res.writeHead(answer.statusCode ?? 502, answer.headers);
      answer.pipe(res);
    });
    upstream.on("error", () => res.writeHead(502).end());
    req.pipe(upstream);
  });
  const proxyPort = await findFreePort();
  await new Promise<void>((resolve) => proxy.listen(proxyPort, "127.0.0.1", resolve));

  Object.assign(process.env, {
    CHROMA_URL: `http://127.0.0.1:${proxyPort}`,
    CHROMA_API_KEY: TOKEN,
    CHROMA_TENANT: TENANT,
    CHROMA_DATABASE: DATABASE,
    CHROMA_HEADERS: JSON.stringify({ Authorization: "Bearer from-headers" }),
  });
  // Read lazily: nothing may have parsed the environment before this point.
  expect(env.CHROMA_TENANT).toBe(TENANT);
  worker = await startPostgresWorker({ concurrency: 1 });
});

afterAll(async () => {
  await worker?.stop();
  await new Promise((resolve) => proxy?.close(resolve));
  await chroma?.stop();
  await rm(dir, { recursive: true, force: true });
});

const collectionNames = async (tenant: string, database: string) => {
  const response = await fetch(`${chroma.url}/api/v2/tenants/${tenant}/databases/${database}/collections`);
  return ((await response.json()) as Array<{ name: string }>).map((c) => c.name);
};

describe("Chroma with a tenant, a database and a token", () => {
  it("every request carries the token and headers; vectors live in the named tenant and database; health, processing, search and metadata rewrites work", async () => {
    expect((await getHealth()).status).toBe(200);

    const { accountId, apiKey } = await newAccount({ credit: 1 });
    const mediaId = await readyMedia({ accountId, apiKey, name: "harbour.txt", collection: "secured" });
    const search = await call(searchRoute, { method: "POST", path: "/v1/search", apiKey, json: { query: "lighthouse keeper gulls", collections: "secured", lexical_weight: 0 } });
    expect(search.status).toBe(200);
    expect(search.body.data.results[0]).toMatchObject({ media_id: mediaId });

    // Attributes are rewritten in Chroma through its HTTP API directly (see rewriteMediaVectorMetadata).
    const patched = await call(patchMediaRoute, { method: "PATCH", path: `/v1/media/${mediaId}`, apiKey, params: { id: mediaId }, json: { attributes: { team: "ops" } } });
    expect(patched.status).toBe(200);
    const filtered = await call(searchRoute, { method: "POST", path: "/v1/search", apiKey, json: { query: "lighthouse keeper gulls", collections: "secured", lexical_weight: 0, filters: { metadata: { team: "ops" } } } });
    expect(filtered.body.data.results.map((r: { media_id: string }) => r.media_id)).toContain(mediaId);

    const collection = await getDb().query.collections.findFirst({ where: (c, { and, eq }) => and(eq(c.accountId, accountId), eq(c.name, "secured")) });
    expect((await collectionNames(TENANT, DATABASE)).some((name) => name.includes(collection!.id))).toBe(true);
    expect(await collectionNames("default_tenant", "default_database")).toEqual([]);
    expect(seen.refused).toEqual([]);
    expect(seen.allowed).toBeGreaterThan(0);
  });
});
