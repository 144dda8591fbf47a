// One supervisor for the processes `npm start`, `npm test` and the benchmarks start: each
// child runs in its own process group (processes.mjs), is known by name while it runs, and
// is stopped with the others in one call (SIGTERM to the leader, SIGKILL to the group after
// the timeout). Output goes to the terminal with a `[name] ` prefix, to a log file, or is
// inherited.

import fs from "node:fs";
import { describeExit, exited, hasExited, prefixOutput, spawnManaged, stopChild } from "./processes.mjs";
import { ROOT } from "./paths.mjs";

export class Supervisor {
  /** @param {{ cwd?: string, log?: (msg: string) => void }} [options] */
  constructor({ cwd = ROOT, log } = {}) {
    this.cwd = cwd;
    this.log = log;
    /** @type {Map<import("node:child_process").ChildProcess, string>} */
    this.children = new Map();
  }

  /**
   * Starts `node script ...args`. `output`: "prefix" (default: lines prefixed with
   * `[name] `), "inherit", "pipe" (the caller reads child.stdout/stderr), or a log file path.
   */
  start(name, script, args, { env, output = "prefix" } = {}) {
    let stdio;
    let fd;
    if (output === "prefix" || output === "pipe") stdio = ["ignore", "pipe", "pipe"];
    else if (output === "inherit") stdio = ["ignore", "inherit", "inherit"];
    else {
      fd = fs.openSync(output, "a");
      stdio = ["ignore", fd, fd];
    }
    const child = spawnManaged(process.execPath, [script, ...args], { cwd: this.cwd, env, stdio });
    if (fd !== undefined) fs.closeSync(fd);
    if (output === "prefix") prefixOutput(child, `[${name}] `);
    this.children.set(child, name);
    child.once("exit", () => this.children.delete(child));
    return child;
  }

  /** Runs a one-shot step to its end; resolves with its exit code (128 when killed by a signal). */
  async run(name, script, args, options) {
    const child = this.start(name, script, args, options);
    const code = await exited(child);
    return child.signalCode ? 128 : code;
  }

  /** Calls `fn` if `child` exits while the supervisor has not been told to stop it. */
  onUnexpectedExit(child, fn) {
    child.once("exit", () => {
      if (!this.stopping) fn(`${this.children.get(child) ?? "process"} exited (${describeExit(child)})`);
    });
  }

  /** Stops one child (politely, then by force after `timeoutMs`). */
  async stop(child, { signal = "SIGTERM", timeoutMs = 10_000 } = {}) {
    await stopChild(child, { signal, timeoutMs, name: this.children.get(child) ?? "process", log: this.log });
  }

  /** Stops every running child at once and resolves when all have exited. */
  async stopAll(options) {
    this.stopping = true;
    await Promise.all([...this.children.keys()].filter((c) => !hasExited(c)).map((c) => this.stop(c, options)));
  }

  /** SIGKILL to every child's process group, now (a second Ctrl-C). */
  killAll() {
    for (const child of this.children.keys()) {
      try {
        process.kill(-child.pid, "SIGKILL");
      } catch {
        /* gone */
      }
    }
  }
}

// ---------------------------------------------------------------------------
// Keeping components alive (`npm start`)

/** The state file's name in DATA_DIR; lib/supervisor-state.ts reads the same name. */
export const SUPERVISOR_STATE_FILE = "supervisor-state.json";

/** Waits before the nth restart in a row: 1, 2, 4, 8, 16, then every 30 s. */
export const restartDelayMs = (failures) => Math.min(30_000, 1000 * 2 ** failures);
/** A component that ran this long before dying starts its backoff over. */
const HEALTHY_AFTER_MS = 60_000;

/**
 * The supervisor's view of its components, rewritten to `file` on every change so GET /health and
 * GET /v1/status can show it (lib/supervisor-state.ts reads it; `pid` tells a stale file apart).
 */
export class ComponentStates {
  constructor(file) {
    this.file = file;
    this.components = {};
  }

  set(name, fields) {
    this.components[name] = { state: "running", restarts: 0, last_exit: null, last_exit_at: null, ...this.components[name], ...fields };
    if (!this.file) return;
    const tmp = `${this.file}.${process.pid}.tmp`;
    try {
      fs.writeFileSync(tmp, `${JSON.stringify({ pid: process.pid, components: this.components }, null, 2)}\n`);
      fs.renameSync(tmp, this.file);
    } catch {
      /* the data dir went away: nothing to show */
    }
  }

  remove() {
    if (this.file) fs.rmSync(this.file, { force: true });
  }
}

/**
 * Keeps one component running: `launch()` starts it and resolves with `{ child, stop() }`
 * (a ChildProcess and how to stop it politely). When the child exits on its own, it is
 * launched again after a backoff (restartDelayMs), and again if that launch fails, until
 * `stop()`. Every death and restart is logged and recorded in `states`. The first launch is
 * the caller's: its failure is thrown, as a component that cannot start at all is a
 * configuration problem, not an outage.
 */
export async function keepAlive({ name, launch, states, log = () => {} }) {
  let stopped = false;
  let current = await launch();
  let startedAt = Date.now();
  let failures = 0;
  let wake;
  states?.set(name, { state: "running" });

  const pause = (ms) =>
    new Promise((resolve) => {
      wake = resolve;
      setTimeout(resolve, ms).unref?.();
    });

  const watch = (instance) => {
    instance.child.once("exit", () => {
      if (stopped) return;
      void restart(describeExit(instance.child));
    });
  };

  const restart = async (why) => {
    if (Date.now() - startedAt > HEALTHY_AFTER_MS) failures = 0;
    const exitedAt = new Date().toISOString();
    states?.set(name, { state: "restarting", last_exit: why, last_exit_at: exitedAt });
    for (;;) {
      const delay = restartDelayMs(failures++);
      log(`${name} exited (${why}); restarting it in ${delay / 1000} s`);
      await pause(delay);
      if (stopped) return;
      try {
        current = await launch();
        startedAt = Date.now();
        states?.set(name, { state: "running", restarts: (states.components[name]?.restarts ?? 0) + 1 });
        log(`${name} restarted (pid ${current.child.pid})`);
        watch(current);
        return;
      } catch (err) {
        why = `restart failed: ${String(err?.message ?? err).split("\n")[0]}`;
      }
    }
  };

  watch(current);
  return {
    get current() {
      return current;
    },
    async stop() {
      stopped = true;
      wake?.();
      states?.set(name, { state: "stopped" });
      if (current && !hasExited(current.child)) await current.stop();
    },
  };
}
