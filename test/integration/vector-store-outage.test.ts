import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { GET as getHealth } from "@/app/health/route";
import { getDb } from "@/db/client";
import { getBalance } from "@/db/queries/ledger";
import { env } from "@/lib/env";
import { startWorkerProcess } from "@/test/support/worker-process";
// @ts-expect-error -- plain ESM helpers shared with `npm start`, without type declarations
import { findFreePort, startChroma } from "../../scripts/services.mjs";
import { itemsOf, ledgerOf, newAccount, postBatch, waitForBatch } from "./helpers";

// This file's own Chroma, so it can be killed and started again like `npm start`'s supervisor
// does, without touching the one the other test files share.
let dir: string;
let port: number;
let chroma: { url: string; child: { pid: number; exitCode: number | null; signalCode: string | null; once: (e: string, f: () => void) => void }; stop: () => Promise<void> };
const chromaDir = () => path.join(dir, "chroma");
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function killChroma() {
  const exited = new Promise<void>((resolve) => (chroma.child.exitCode !== null || chroma.child.signalCode !== null ? resolve() : chroma.child.once("exit", resolve)));
  process.kill(chroma.child.pid, "SIGKILL");
  await exited;
}

beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), "tessera-chroma-outage-"));
  port = await findFreePort();
  chroma = await startChroma({ dataDir: chromaDir(), port });
  process.env.CHROMA_URL = chroma.url;
  // Read lazily: nothing may have parsed the environment before this point.
  expect(env.CHROMA_URL).toBe(chroma.url);
});

afterAll(async () => {
  await chroma.stop();
  await rm(dir, { recursive: true, force: true });
});

describe("while Chroma is down", () => {
  it("/health says which component is down, uploads are refused with 503 before any charge", async () => {
    const { accountId, apiKey } = await newAccount({ credit: 1 });
    await killChroma();
    try {
      const health = await getHealth();
      expect(health.status).toBe(503);
      expect(await health.json()).toMatchObject({ status: "degraded", components: { database: "ok", vectors: "down" } });

      const upload = await postBatch({ apiKey, files: [{ name: "note.txt", content: "Nothing should be charged for this." }] });
      expect(upload.status).toBe(503);
      expect(upload.body).toEqual({
        success: false,
        error: { code: "service_unavailable", message: expect.stringContaining("vector store"), details: { component: "vectors", retry_after_seconds: 5 } },
      });
      expect((await ledgerOf(accountId)).map((e) => e.type)).toEqual(["adjustment"]);
      expect(await getBalance(getDb(), { accountId })).toBe(1_000_000);
    } finally {
      chroma = await startChroma({ dataDir: chromaDir(), port });
    }
  }, 120_000);

  it("items wait with backoff instead of burning their attempts, and finish once Chroma is back", async () => {
    const { accountId, apiKey } = await newAccount({ credit: 1 });
    const { status, body } = await postBatch({ apiKey, files: [{ name: "patient.txt", content: "A document that waits out a vector store outage." }], fields: { collection_id: "outage" } });
    expect(status).toBe(200);
    const batchId = body.data.batch_id as string;
    await killChroma();
    try {
      startWorkerProcess({ CHROMA_URL: chroma.url });
      // Long enough for three quick retries (the old policy's whole budget) and then some.
      await sleep(12_000);
      const [waiting] = await itemsOf(batchId);
      expect(waiting!.status).not.toBe("failed");
      expect(waiting!.attempts).toBeLessThanOrEqual(1);
    } finally {
      chroma = await startChroma({ dataDir: chromaDir(), port });
    }
    const done = await waitForBatch(accountId, batchId, 120_000);
    expect(done.status).toBe("completed");
    const [item] = await itemsOf(batchId);
    expect(item).toMatchObject({ status: "succeeded", attempts: 1 });
    expect((await ledgerOf(accountId)).map((e) => e.type)).toEqual(["adjustment", "charge"]);
  }, 180_000);

  it("an outage longer than ITEM_TIMEOUT_SECONDS fails the item with vectors_unavailable, refunded once", async () => {
    const { accountId, apiKey } = await newAccount({ credit: 1 });
    const { body } = await postBatch({ apiKey, files: [{ name: "unlucky.txt", content: "Chroma will not come back in time for this one." }] });
    await killChroma();
    try {
      startWorkerProcess({ CHROMA_URL: chroma.url, ITEM_TIMEOUT_SECONDS: "6" });
      const done = await waitForBatch(accountId, body.data.batch_id, 90_000);
      expect(done.status).toBe("failed");
      const [item] = await itemsOf(body.data.batch_id);
      expect(item).toMatchObject({ status: "failed", attempts: 1, errorCode: "vectors_unavailable" });
      expect(item!.errorMessage).toMatch(/vector store \(Chroma\) stayed unavailable/);
      expect((await ledgerOf(accountId)).map((e) => e.type)).toEqual(["adjustment", "charge", "refund"]);
      expect(await getBalance(getDb(), { accountId })).toBe(1_000_000);
    } finally {
      chroma = await startChroma({ dataDir: chromaDir(), port });
    }
  }, 120_000);
});
