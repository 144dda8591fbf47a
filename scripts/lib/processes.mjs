// Processes: spawn in their own process group, stop politely then by force, and a last-resort
// exit hook that kills whatever is still registered, so nothing outlives the orchestrator.
// Every long-running process is spawned `detached`, so a Ctrl-C in the terminal reaches only
// the orchestrator, which then stops things in order (app processes, Chroma, PostgreSQL).

import { spawn } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import readline from "node:readline";
import { ROOT } from "./paths.mjs";

export const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

// Processes

/** Every process we started and have not seen exit: killed by the exit hook. */
const managed = new Map(); // pid -> { child, lastResortSignal, group }

function track(child, { lastResortSignal = "SIGKILL", group = true } = {}) {
  if (!child.pid) return;
  managed.set(child.pid, { child, lastResortSignal, group });
  child.once("exit", () => managed.delete(child.pid));
}

process.on("exit", () => {
  for (const [pid, { lastResortSignal, group }] of managed) {
    try {
      process.kill(group ? -pid : pid, lastResortSignal);
    } catch {
      try {
        process.kill(pid, lastResortSignal);
      } catch {
        /* gone */
      }
    }
  }
});

export function hasExited(child) {
  return child.exitCode !== null || child.signalCode !== null;
}

export function describeExit(child) {
  return child.signalCode ? `signal ${child.signalCode}` : `code ${child.exitCode}`;
}

/** Resolves (never rejects) when the child has exited; with its exit code (or null). */
export function exited(child) {
  if (hasExited(child)) return Promise.resolve(child.exitCode);
  return new Promise((resolve) => child.once("exit", (code) => resolve(code)));
}

function signalChild(child, signal, group) {
  try {
    if (group) process.kill(-child.pid, signal);
    else child.kill(signal);
  } catch {
    try {
      child.kill(signal);
    } catch {
      /* already gone */
    }
  }
}

/**
 * Stop a child: `signal` to it, then SIGKILL (to its whole process group when it was
 * spawned detached) after `timeoutMs`; stragglers of the group are killed once the leader
 * has exited. Resolves when it has exited.
 */
export async function stopChild(child, { signal = "SIGTERM", timeoutMs = 10_000, group = true, name = "process", log } = {}) {
  if (!child || !child.pid || hasExited(child)) return;
  // The polite signal goes to the leader only (tsx and next pass it on to their own
  // children; signalling the whole group would deliver it twice); SIGKILL to the group.
  signalChild(child, signal, false);
  const timer = new Promise((r) => setTimeout(r, timeoutMs, "timeout"));
  if ((await Promise.race([exited(child), timer])) === "timeout") {
    log?.(`${name} did not stop within ${timeoutMs / 1000} s: killing it`);
    signalChild(child, "SIGKILL", group);
    await exited(child);
  } else if (group) {
    // The leader is gone; make sure no stragglers of its group remain (tsx, next workers).
    try {
      process.kill(-child.pid, "SIGKILL");
    } catch {
      /* none left */
    }
  }
}

/**
 * Spawn a long-running process in its own process group, registered for the last-resort
 * exit hook. Options are passed to child_process.spawn.
 */
export function spawnManaged(command, args, options = {}, { lastResortSignal = "SIGKILL" } = {}) {
  const child = spawn(command, args, { detached: true, ...options });
  track(child, { lastResortSignal, group: options.detached !== false });
  return child;
}

/** Forward a child's stdout/stderr line by line with a prefix such as `[web] `. */
export function prefixOutput(child, prefix, { out = process.stdout, err = process.stderr } = {}) {
  const pipe = (stream, dest) => {
    if (!stream) return;
    const rl = readline.createInterface({ input: stream, crlfDelay: Infinity });
    rl.on("line", (line) => dest.write(`${prefix}${line}\n`));
  };
  pipe(child.stdout, out);
  pipe(child.stderr, err);
}

/** Path of a package's CLI script (resolving the node_modules/.bin symlink), run with node. */
export function binScript(name, root = ROOT) {
  const link = path.join(root, "node_modules", ".bin", name);
  try {
    return fs.realpathSync(link);
  } catch {
    throw new Error(`${link} is missing: run \`npm ci\` first`);
  }
}

export function pidAlive(pid) {
  if (!pid || pid <= 0) return false;
  try {
    process.kill(pid, 0);
  } catch (err) {
    if (err.code !== "EPERM") return false;
  }
  // A zombie (exited, not yet reaped by a non-reaping PID 1) is as good as dead.
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, "utf8");
    const state = stat.slice(stat.lastIndexOf(")") + 2).split(" ")[0];
    if (state === "Z" || state === "X") return false;
  } catch {
    /* no /proc: trust kill(0) */
  }
  return true;
}

export function procCmdline(pid) {
  try {
    return fs.readFileSync(`/proc/${pid}/cmdline`, "utf8").split("\0").filter(Boolean);
  } catch {
    return [];
  }
}

function procPpid(pid) {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, "utf8");
    return Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[1]);
  } catch {
    return 0;
  }
}

/**
 * A process left behind by an earlier run is an orphan when its parent is gone (it was
 * re-parented to init or a subreaper) rather than a live node orchestrator.
 */
export function ownerOf(pid) {
  const ppid = procPpid(pid);
  if (!ppid || ppid === 1) return null;
  const cmd = procCmdline(ppid);
  const isNode = cmd.length > 0 && /(^|\/)node(js)?[0-9.]*$/.test(cmd[0]);
  return isNode ? { pid: ppid, cmd: cmd.join(" ") } : null;
}

async function waitPidGone(pid, timeoutMs) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (!pidAlive(pid)) return true;
    await sleep(100);
  }
  return !pidAlive(pid);
}

export async function killPid(pid, signals) {
  for (const [signal, waitMs] of signals) {
    try {
      process.kill(pid, signal);
    } catch {
      return;
    }
    if (await waitPidGone(pid, waitMs)) return;
  }
}

export function tailFile(file, lines = 30) {
  try {
    return fs.readFileSync(file, "utf8").trimEnd().split("\n").slice(-lines).join("\n");
  } catch {
    return "(no log)";
  }
}
