import { execFile } from "node:child_process";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import postgres from "postgres";
import { describe, expect, it } from "vitest";
import { migrateDatabase } from "@/db/migrate";
import { startWorkerProcess } from "@/test/support/worker-process";
// @ts-expect-error -- plain ESM helper shared with `npm start`, without type declarations
import { findFreePort, startEmbeddedPostgres } from "../../scripts/services.mjs";

const ROOT = path.resolve(import.meta.dirname, "../..");
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** One query on a fresh connection: the server may have restarted since the last one. */
async function query<T>(url: string, text: string, params: string[] = []): Promise<T[]> {
  const sql = postgres(url, { max: 1, onnotice: () => {}, connect_timeout: 2 });
  try {
    return (await sql.unsafe(text, params)) as unknown as T[];
  } finally {
    await sql.end({ timeout: 1 }).catch(() => {});
  }
}

async function waitFor<T>(probe: () => Promise<T | undefined | null | false>, timeoutMs: number): Promise<T> {
  const started = Date.now();
  for (;;) {
    const value = await probe().catch(() => undefined);
    if (value) return value;
    if (Date.now() - started > timeoutMs) throw new Error("timed out waiting");
    await sleep(200);
  }
}

const longDocument = (seed: number) =>
  Array.from({ length: 400 }, (_, i) => `Harbour log ${i} of book ${seed} notes vessel number ${i * seed} leaving at noon.`).join(" ");

describe("npm run worker when PostgreSQL restarts under it", () => {
  it("keeps running (no uncaught ECONNREFUSED), replaces its job runner and finishes the batch it was working on", async () => {
    const dir = await mkdtemp(path.join(tmpdir(), "tessera-pg-restart-"));
    const port = await findFreePort();
    const dataDir = path.join(dir, "pg");
    let pg = await startEmbeddedPostgres({ dataDir, port });
    try {
      await migrateDatabase(pg.url);
      const files = [1, 2, 3].map((seed) => ({ name: `book-${seed}.txt`, content: longDocument(seed) }));
      const { stdout } = await promisify(execFile)(process.execPath, ["--import", "tsx", "test/support/seed-batch.ts", JSON.stringify(files)], {
        cwd: ROOT,
        env: { ...process.env, DATABASE_URL: pg.url },
      });
      const { batchId } = JSON.parse(stdout.trim().split("\n").at(-1)!) as { batchId: string };

      const worker = startWorkerProcess({ DATABASE_URL: pg.url });
      let log = "";
      worker.stderr!.on("data", (d: Buffer) => (log += d.toString()));
      await waitFor(async () => (await query(pg.url, `select 1 from batch_items where batch_id = $1 and status = 'processing'`, [batchId])).length > 0, 120_000);

      // The postmaster killed mid-item, as the OOM killer would; back 8 s later on the same port, so
      // the item's writes and its job's release meet the outage.
      process.kill(pg.child.pid, "SIGKILL");
      await waitFor(async () => pg.child.exitCode !== null || pg.child.signalCode !== null, 10_000);
      await sleep(8_000);
      pg = await waitFor(() => startEmbeddedPostgres({ dataDir, port }), 60_000);

      const done = await waitFor(async () => {
        const [batch] = await query<{ status: string }>(pg.url, `select status from batches where id = $1`, [batchId]);
        return batch && ["completed", "failed"].includes(batch.status) ? batch : null;
      }, 180_000).catch(async (error: Error) => {
        const items = await query(pg.url, `select status, attempts, lease_expires_at from batch_items where batch_id = $1`, [batchId]).catch(() => []);
        const jobs = await query(pg.url, `select key, locked_by, attempts, last_error from graphile_worker._private_jobs`).catch(() => []);
        throw new Error(`${error.message}; worker exit ${worker.exitCode}; items ${JSON.stringify(items)}; jobs ${JSON.stringify(jobs)}\n${log.slice(-3000)}`);
      });
      expect(worker.exitCode, log.slice(-2000)).toBeNull();
      expect(done.status).toBe("completed");
      const items = await query<{ status: string }>(pg.url, `select status from batch_items where batch_id = $1`, [batchId]);
      expect(items.map((i) => i.status)).toEqual(["succeeded", "succeeded", "succeeded"]);
      // Liveness is reported again after the restart.
      const [beat] = await query<{ fresh: boolean }>(pg.url, `select bool_or(heartbeat_at > now() - interval '10 seconds') as fresh from worker_heartbeats`);
      expect(beat!.fresh).toBe(true);
    } finally {
      await pg.stop();
      await rm(dir, { recursive: true, force: true });
    }
  }, 360_000);
});
