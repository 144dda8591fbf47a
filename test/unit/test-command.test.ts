import { spawnSync } from "node:child_process";
import path from "node:path";
import { describe, expect, it } from "vitest";

const ROOT = path.resolve(import.meta.dirname, "../..");

function runTestCommand(args: string[]) {
  const run = spawnSync(process.execPath, ["scripts/test.mjs", ...args], {
    cwd: ROOT,
    encoding: "utf8",
    env: { ...process.env, TESSERA_NO_APT: "1" },
    timeout: 120_000,
  });
  const lines = run.stdout.trim().split("\n");
  return { status: run.status, last: lines[lines.length - 1], stderr: run.stderr };
}

describe("npm test's arguments", () => {
  it("refuses a project name given without --project instead of running nothing", () => {
    const run = runTestCommand(["--project", "unit", "integration"]);
    expect(run.status).toBe(1);
    expect(run.last).toBe("0 passed, 1 failed");
    expect(run.stderr).toContain("--project integration");
  });

  it("fails a run whose file filter matches no test", () => {
    const run = runTestCommand(["--project", "unit", "test/unit/no-such-file.test.ts"]);
    expect(run.status).toBe(1);
    expect(run.last).toBe("0 passed, 1 failed");
    expect(run.stderr).toContain("no test matched test/unit/no-such-file.test.ts");
  });
});
