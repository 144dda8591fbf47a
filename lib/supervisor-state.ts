import { readFile } from "node:fs/promises";
import path from "node:path";
import { env } from "@/lib/env";

/** One process `npm start` runs, as its supervisor last wrote it (scripts/lib/supervisor.mjs). */
export interface SupervisedComponent {
  state: "running" | "restarting" | "stopped";
  restarts: number;
  last_exit: string | null;
  last_exit_at: string | null;
}

/** The file the supervisor rewrites on every change: SUPERVISOR_STATE_FILE of scripts/lib/supervisor.mjs (plain JS, not importable here). */
export const SUPERVISOR_STATE_FILE = "supervisor-state.json";

/**
 * What `npm start`'s supervisor says about its processes, or {} when no supervisor runs
 * (`npm run worker` on its own, tests, an external DATABASE_URL and CHROMA_URL) or its file is
 * stale (the supervisor that wrote it is gone).
 */
export async function readSupervisorState(): Promise<Record<string, SupervisedComponent>> {
  try {
    const file = path.resolve(/* turbopackIgnore: true */ env.DATA_DIR, SUPERVISOR_STATE_FILE);
    const parsed = JSON.parse(await readFile(file, "utf8")) as { pid?: number; components?: Record<string, SupervisedComponent> };
    if (!parsed.pid || !alive(parsed.pid)) return {};
    return parsed.components ?? {};
  } catch {
    return {};
  }
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}
