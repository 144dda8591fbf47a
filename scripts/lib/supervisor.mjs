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
