// The embedded Chroma server (`chroma run` from the chromadb package).

import fs from "node:fs";
import path from "node:path";
import { isPortOpen, waitForHttp } from "./net.mjs";
import { ROOT } from "./paths.mjs";
import { binScript, killPid, ownerOf, pidAlive, procCmdline, spawnManaged, stopChild, tailFile } from "./processes.mjs";

// ---------------------------------------------------------------------------
// Chroma

/**
 * Start `chroma run --path dataDir --host 127.0.0.1 --port port` (the chromadb package's
 * CLI) and wait for its heartbeat. Logs go to dataDir/chroma.log.
 * Returns { url, port, child, stop() }.
 */
export async function startChroma({ dataDir, port, logFile, log = () => {}, root = ROOT }) {
  dataDir = path.resolve(dataDir);
  port = Number(port);
  fs.mkdirSync(dataDir, { recursive: true });
  const pidFile = path.join(dataDir, ".tessera-chroma.pid");

  // A Chroma left running by an earlier run on the same directory?
  try {
    const pid = Number(fs.readFileSync(pidFile, "utf8").trim());
    const cmd = pidAlive(pid) ? procCmdline(pid) : [];
    if (cmd.some((a) => a.includes("chroma")) && cmd.includes(dataDir)) {
      const owner = ownerOf(pid);
      if (owner) {
        throw new Error(`Chroma for ${dataDir} is already running (pid ${pid}), started by pid ${owner.pid}. Is Tessera already running?`);
      }
      log(`stopping Chroma left running by an earlier run (pid ${pid})`);
      await killPid(pid, [
        ["SIGTERM", 10_000],
        ["SIGKILL", 5_000],
      ]);
    }
    fs.rmSync(pidFile, { force: true });
  } catch (err) {
    if (err.code !== "ENOENT") throw err;
  }

  if (await isPortOpen(port)) {
    throw new Error(`port ${port} on 127.0.0.1 is already in use by another program; choose another one with TESSERA_CHROMA_PORT`);
  }

  const cli = binScript("chroma", root);
  logFile = path.resolve(logFile ?? path.join(dataDir, "chroma.log"));
  const fd = fs.openSync(logFile, "a");
  let child;
  try {
    child = spawnManaged(process.execPath, [cli, "run", "--path", dataDir, "--host", "127.0.0.1", "--port", String(port)], {
      cwd: dataDir,
      stdio: ["ignore", fd, fd],
      env: { ...process.env, ANONYMIZED_TELEMETRY: "False" },
    });
  } finally {
    fs.closeSync(fd);
  }
  fs.writeFileSync(pidFile, `${child.pid}\n`);

  const url = `http://127.0.0.1:${port}`;
  try {
    await waitForHttp(`${url}/api/v2/heartbeat`, 60_000, { ok: (r) => r.ok, child });
  } catch (err) {
    await stopChild(child, { timeoutMs: 5_000 });
    fs.rmSync(pidFile, { force: true });
    throw new Error(`Chroma did not start: ${err.message}\n${tailFile(logFile)}`);
  }

  let stopping;
  const stop = () =>
    (stopping ??= (async () => {
      await stopChild(child, { signal: "SIGTERM", timeoutMs: 10_000, name: "Chroma", log });
      fs.rmSync(pidFile, { force: true });
    })());
  return { url, port, dataDir, logFile, child, stop };
}
