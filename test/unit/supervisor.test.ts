import { spawn } from "node:child_process";
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
// @ts-expect-error -- plain ESM helpers shared with `npm start`, without type declarations
import { ComponentStates, keepAlive, restartDelayMs } from "../../scripts/lib/supervisor.mjs";

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const stops: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const stop of stops.splice(0)) await stop();
});

/** A stand-in component: a real child process that runs until it is killed. */
function launchSleeper() {
  const child = spawn(process.execPath, ["-e", "setInterval(() => {}, 1000)"], { stdio: "ignore" });
  return {
    child,
    stop: async () => {
      child.kill("SIGTERM");
      if (child.exitCode === null && child.signalCode === null) await new Promise((r) => child.once("exit", r));
    },
  };
}

describe("npm start's keepAlive", () => {
  it("restarts a component that was killed, logs it and records its state for /health", async () => {
    const dir = await mkdtemp(path.join(tmpdir(), "tessera-keep-"));
    const file = path.join(dir, "supervisor-state.json");
    const lines: string[] = [];
    const keeper = await keepAlive({ name: "chroma", launch: async () => launchSleeper(), states: new ComponentStates(file), log: (m: string) => lines.push(m) });
    stops.push(() => keeper.stop().then(() => rm(dir, { recursive: true, force: true })));
    const first = keeper.current.child.pid;
    process.kill(first, "SIGKILL");

    const started = Date.now();
    while (keeper.current.child.pid === first && Date.now() - started < 10_000) await sleep(50);
    expect(keeper.current.child.pid).not.toBe(first);
    expect(keeper.current.child.exitCode).toBeNull();
    expect(lines.join("\n")).toMatch(/chroma exited \(signal SIGKILL\); restarting it in 1 s/);
    const state = JSON.parse(await readFile(file, "utf8"));
    expect(state.pid).toBe(process.pid);
    expect(state.components.chroma).toMatchObject({ state: "running", restarts: 1, last_exit: "signal SIGKILL" });
  }, 20_000);

  it("keeps trying with growing waits while a restart fails, and stops restarting once stopped", async () => {
    let launches = 0;
    const keeper = await keepAlive({
      name: "postgres",
      launch: async () => {
        launches++;
        if (launches === 2) throw new Error("port still held");
        return launchSleeper();
      },
      log: () => {},
    });
    process.kill(keeper.current.child.pid, "SIGKILL");
    const started = Date.now();
    while (launches < 3 && Date.now() - started < 10_000) await sleep(50);
    expect(launches).toBe(3); // failed once, then started
    await keeper.stop();
    const pid = keeper.current.child.pid;
    await sleep(1_500);
    expect(keeper.current.child.pid).toBe(pid);
    expect(launches).toBe(3);
    expect([0, 1, 2, 3, 4, 5, 6].map(restartDelayMs)).toEqual([1000, 2000, 4000, 8000, 16000, 30000, 30000]);
  }, 20_000);
});
