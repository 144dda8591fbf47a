import { spawn, type ChildProcess } from "node:child_process";
import path from "node:path";
import { afterEach } from "vitest";

const ROOT = path.resolve(import.meta.dirname, "../..");
const children: ChildProcess[] = [];

// Every worker a test file started is killed after each test, like a crashed machine's.
afterEach(() => {
  for (const child of children.splice(0)) if (child.exitCode === null) child.kill("SIGKILL");
});

/** A real `npm run worker` process (5 s leases, one item at a time), so it can be killed like a crashed machine. */
export function startWorkerProcess(extraEnv: Record<string, string> = {}): ChildProcess {
  // node --import tsx, not the tsx launcher: SIGKILL must hit the process that does the work.
  const child = spawn(process.execPath, ["--import", "tsx", "scripts/worker.ts"], {
    cwd: ROOT,
    env: { ...process.env, ITEM_LEASE_SECONDS: "5", WORKER_CONCURRENCY: "1", ...extraEnv },
    stdio: ["ignore", "pipe", "pipe"],
  });
  child.stdout!.resume();
  child.stderr!.resume();
  children.push(child);
  return child;
}
