// Typed access to scripts/services.mjs (plain JavaScript, no declarations).
// The specifier is built at run time so `tsc` does not try to type the .mjs file.

import type { ChildProcess, SpawnOptions } from "node:child_process";

export interface StartedService {
  url: string;
  port: number;
  child: ChildProcess;
  stop(): Promise<void>;
}

export interface ServicesModule {
  ROOT: string;
  sleep(ms: number): Promise<void>;
  findFreePort(host?: string): Promise<number>;
  isPortOpen(port: number, host?: string, timeoutMs?: number): Promise<boolean>;
  waitForHttp(url: string, timeoutMs?: number, opts?: { ok?: (res: Response) => boolean; child?: ChildProcess; intervalMs?: number }): Promise<Response>;
  hasExited(child: ChildProcess): boolean;
  stopChild(child: ChildProcess, opts?: { signal?: NodeJS.Signals; timeoutMs?: number; group?: boolean; name?: string; log?: (m: string) => void }): Promise<void>;
  spawnManaged(command: string, args: string[], options?: SpawnOptions): ChildProcess;
  prefixOutput(child: ChildProcess, prefix: string): void;
  binScript(name: string, root?: string): string;
  buildNeeded(root?: string): string | null;
  withSql<T>(url: string, fn: (sql: import("postgres").Sql) => Promise<T>, opts?: { timeoutSec?: number }): Promise<T>;
  startEmbeddedPostgres(opts: { dataDir: string; port: number; database?: string; logFile?: string; log?: (m: string) => void }): Promise<StartedService & { adminUrl: string }>;
  startChroma(opts: { dataDir: string; port: number; logFile?: string; log?: (m: string) => void }): Promise<StartedService>;
}

let loaded: Promise<ServicesModule> | undefined;

export function services(): Promise<ServicesModule> {
  const specifier = new URL("../../scripts/services.mjs", import.meta.url).href;
  loaded ??= import(specifier) as Promise<ServicesModule>;
  return loaded;
}
