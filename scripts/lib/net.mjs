// Ports and HTTP: free ports, port probes, waiting for a server to answer.

import net from "node:net";
import { describeExit, hasExited, sleep } from "./processes.mjs";


/** A TCP port that is free on 127.0.0.1 right now. */
export function findFreePort(host = "127.0.0.1") {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.unref();
    srv.on("error", reject);
    srv.listen(0, host, () => {
      const { port } = srv.address();
      srv.close(() => resolve(port));
    });
  });
}

/** True when something accepts TCP connections on host:port. */
export function isPortOpen(port, host = "127.0.0.1", timeoutMs = 1000) {
  return new Promise((resolve) => {
    const sock = net.connect({ port, host });
    const done = (v) => {
      sock.destroy();
      resolve(v);
    };
    sock.setTimeout(timeoutMs, () => done(false));
    sock.once("connect", () => done(true));
    sock.once("error", () => done(false));
  });
}

/**
 * Poll `url` until it answers. By default any HTTP response counts; pass `ok` to be
 * stricter (e.g. `(res) => res.status === 200`). `child` (a ChildProcess): give up as soon
 * as it exits. Resolves with the last Response, rejects on timeout.
 */
export async function waitForHttp(url, timeoutMs = 60_000, { ok = () => true, child, intervalMs = 250 } = {}) {
  const deadline = Date.now() + timeoutMs;
  let last = "no answer";
  while (Date.now() < deadline) {
    if (child && hasExited(child)) {
      throw new Error(`process exited (${describeExit(child)}) before ${url} answered`);
    }
    try {
      const res = await fetch(url, { signal: AbortSignal.timeout(Math.min(5000, Math.max(500, deadline - Date.now()))) });
      await res.arrayBuffer().catch(() => undefined);
      if (ok(res)) return res;
      last = `HTTP ${res.status}`;
    } catch (err) {
      last = err?.cause?.code ?? err?.name ?? String(err);
    }
    await sleep(intervalMs);
  }
  throw new Error(`${url} did not answer within ${Math.round(timeoutMs / 1000)} s (last: ${last})`);
}
