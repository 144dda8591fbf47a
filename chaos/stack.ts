import { spawn, type ChildProcess } from "node:child_process";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
// @ts-expect-error -- plain ESM helpers shared with `npm start`, without type declarations
import { findFreePort, keepAlive, startChroma, startEmbeddedPostgres } from "../scripts/services.mjs";

export const ROOT = path.resolve(import.meta.dirname, "..");

interface Managed {
  child: ChildProcess;
  stop(): Promise<void>;
}
interface Keeper {
  current: Managed & { url: string };
  stop(): Promise<void>;
}

/**
 * A private Tessera stack for the fault suite: embedded PostgreSQL and Chroma under the same
 * keepAlive `npm start` uses (killed, they come back with backoff), migrations, and real worker
 * processes. The API is called in this process through the route handlers, as the integration
 * tests do, so no `next build` is needed; this process's environment points at the stack.
 */
export async function startStack() {
  const dir = await mkdtemp(path.join(tmpdir(), "tessera-chaos-"));
  const log = (m: string) => process.stderr.write(`[chaos] ${m}\n`);
  const pgPort = await findFreePort();
  const chromaPort = await findFreePort();
  const pg: Keeper = await keepAlive({ name: "postgres", launch: () => startEmbeddedPostgres({ dataDir: path.join(dir, "pg"), port: pgPort }), log });
  const chroma: Keeper = await keepAlive({ name: "chroma", launch: () => startChroma({ dataDir: path.join(dir, "chroma"), port: chromaPort, root: ROOT }), log });
  Object.assign(process.env, { DATABASE_URL: pg.current.url, CHROMA_URL: chroma.current.url, DATA_DIR: path.join(dir, "data"), ITEM_LEASE_SECONDS: "5", ITEM_TIMEOUT_SECONDS: "90" });
  const { migrateDatabase } = await import("@/db/migrate");
  await migrateDatabase(pg.current.url);

  const workers = new Set<ChildProcess>();
  let crashes = 0;
  let stopping = false;
  const startWorker = (): ChildProcess => {
    const child = spawn(process.execPath, ["--import", "tsx", "scripts/worker.ts"], { cwd: ROOT, env: { ...process.env, WORKER_CONCURRENCY: "2" }, stdio: ["ignore", "ignore", "pipe"] });
    child.stderr!.resume();
    const killed = { byUs: false };
    child.once("exit", () => {
      workers.delete(child);
      if (killed.byUs || stopping) return;
      // A worker that died on its own is a crash; like npm start's supervisor, start another.
      crashes++;
      startWorker();
    });
    Object.assign(child, { killed_by_chaos: killed });
    workers.add(child);
    return child;
  };
  const killWorker = (child: ChildProcess) => {
    (child as ChildProcess & { killed_by_chaos: { byUs: boolean } }).killed_by_chaos.byUs = true;
    child.kill("SIGKILL");
  };

  return {
    pg,
    chroma,
    workers,
    startWorker,
    killWorker,
    crashes: () => crashes,
    async stop() {
      stopping = true;
      for (const w of workers) killWorker(w);
      const { closeDb } = await import("@/db/client");
      await closeDb().catch(() => {});
      await chroma.stop();
      await pg.stop();
      await rm(dir, { recursive: true, force: true });
    },
  };
}
export type Stack = Awaited<ReturnType<typeof startStack>>;

/** SIGKILL to a component's process, as the OOM killer would; its keeper restarts it. */
export async function killComponent(keeper: Keeper) {
  const { child } = keeper.current;
  const gone = new Promise<void>((resolve) => (child.exitCode !== null || child.signalCode !== null ? resolve() : child.once("exit", () => resolve())));
  process.kill(child.pid!, "SIGKILL");
  await gone;
}
