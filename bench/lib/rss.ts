// Resident memory of the server process from /proc (Linux only), sampled on a timer.

import fs from "node:fs";

const KIB = 1024;

function statusField(pid: number, field: "VmRSS" | "VmHWM"): number | null {
  try {
    const text = fs.readFileSync(`/proc/${pid}/status`, "utf8");
    const m = new RegExp(`^${field}:\\s+(\\d+) kB`, "m").exec(text);
    return m ? Number(m[1]) * KIB : null;
  } catch {
    return null;
  }
}

export const rssBytes = (pid: number) => statusField(pid, "VmRSS");
export const hwmBytes = (pid: number) => statusField(pid, "VmHWM");

export function commandOf(pid: number): string {
  try {
    return fs.readFileSync(`/proc/${pid}/cmdline`, "utf8").split("\0").filter(Boolean).join(" ");
  } catch {
    return "?";
  }
}

/** `root` and every process below it. */
export function processTree(root: number): number[] {
  const children = new Map<number, number[]>();
  for (const entry of fs.readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = fs.readFileSync(`/proc/${entry}/stat`, "utf8");
      const ppid = Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[1]);
      const list = children.get(ppid) ?? [];
      list.push(Number(entry));
      children.set(ppid, list);
    } catch {
      /* gone */
    }
  }
  const out: number[] = [];
  const visit = (pid: number) => {
    out.push(pid);
    for (const c of children.get(pid) ?? []) visit(c);
  };
  visit(root);
  return out;
}

/** Inodes of sockets listening on `port` (IPv4 and IPv6). */
function listeningInodes(port: number): Set<string> {
  const inodes = new Set<string>();
  const hexPort = port.toString(16).toUpperCase().padStart(4, "0");
  for (const table of ["/proc/net/tcp", "/proc/net/tcp6"]) {
    let text = "";
    try {
      text = fs.readFileSync(table, "utf8");
    } catch {
      continue;
    }
    for (const line of text.split("\n").slice(1)) {
      const cols = line.trim().split(/\s+/);
      if (cols.length < 10) continue;
      if (cols[1]?.endsWith(`:${hexPort}`) && cols[3] === "0A") inodes.add(cols[9]!);
    }
  }
  return inodes;
}

/** The process among `candidates` that holds the listening socket on `port`, or null. */
export function listenerPid(candidates: readonly number[], port: number): number | null {
  const inodes = listeningInodes(port);
  if (inodes.size === 0) return null;
  for (const pid of candidates) {
    let fds: string[] = [];
    try {
      fds = fs.readdirSync(`/proc/${pid}/fd`);
    } catch {
      continue;
    }
    for (const fd of fds) {
      try {
        const m = /^socket:\[(\d+)\]$/.exec(fs.readlinkSync(`/proc/${pid}/fd/${fd}`));
        if (m && inodes.has(m[1]!)) return pid;
      } catch {
        /* closed meanwhile */
      }
    }
  }
  return null;
}

export interface RssWindow {
  before: number;
  peak: number;
  /** Sum over the whole process tree (when next runs helpers), peak. */
  treePeak: number;
  treeBefore: number;
  samples: number;
}

/** Samples the RSS of `pid` (and of its tree) every `intervalMs` until stop(). */
export class RssSampler {
  private timer: NodeJS.Timeout | undefined;
  private window: RssWindow | undefined;

  constructor(
    readonly pid: number,
    readonly treeRoot: number = pid,
    readonly intervalMs = 50,
  ) {}

  private treeRss(): number {
    return processTree(this.treeRoot).reduce((n, p) => n + (rssBytes(p) ?? 0), 0);
  }

  start(): void {
    const before = rssBytes(this.pid) ?? 0;
    const treeBefore = this.treeRss();
    this.window = { before, peak: before, treeBefore, treePeak: treeBefore, samples: 1 };
    this.timer = setInterval(() => this.sample(), this.intervalMs);
  }

  private sample(): void {
    const w = this.window;
    if (!w) return;
    const rss = rssBytes(this.pid);
    if (rss !== null) w.peak = Math.max(w.peak, rss);
    // The tree walk reads all of /proc: do it every 4th sample only.
    if (w.samples % 4 === 0) w.treePeak = Math.max(w.treePeak, this.treeRss());
    w.samples++;
  }

  stop(): RssWindow {
    clearInterval(this.timer);
    this.sample();
    const w = this.window!;
    this.window = undefined;
    return w;
  }
}
