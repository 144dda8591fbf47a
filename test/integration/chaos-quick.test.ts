import { execFile } from "node:child_process";
import path from "node:path";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";

const ROOT = path.resolve(import.meta.dirname, "../..");

// `npm run chaos -- --quick` on its own private stack: worker SIGKILLs, Chroma and PostgreSQL
// killed mid-batch and restarted by keepAlive, concurrent submissions, one Idempotency-Key,
// damaged files, bad requests. Its table's loss, money, stuck, crash and 5xx columns must be 0
// (timings are printed, never asserted).
describe("npm run chaos -- --quick", () => {
  it("loses nothing, miscounts no cent, leaves nothing stuck, crashes nothing and answers no undocumented 5xx", async () => {
    const { stdout } = await promisify(execFile)(process.execPath, ["--import", "tsx", "chaos/run.ts", "--quick", "--json"], {
      cwd: ROOT,
      env: { ...process.env, DATABASE_URL: "", CHROMA_URL: "" },
      maxBuffer: 16 * 1024 * 1024,
      timeout: 1_500_000,
    });
    const rows = JSON.parse(stdout.trim().split("\n").at(-1)!) as Array<Record<string, number | string>>;
    expect(rows.map((r) => r.scenario)).toEqual([
      "worker SIGKILL",
      "chroma killed mid-batch",
      "postgres killed mid-batch",
      "50 submissions, balance for 10",
      "20 copies of one file",
      "10 requests, one Idempotency-Key",
      "damaged variants",
      "bad-request battery",
    ]);
    for (const row of rows) {
      expect({ scenario: row.scenario, lost: row.lost, centsOff: row.centsOff, vectorsOff: row.vectorsOff, crashes: row.crashes, freezes: row.freezes, stuck: row.stuck, fiveHundreds: row.fiveHundreds, envelopeMisses: row.envelopeMisses }).toEqual({
        scenario: row.scenario,
        lost: 0,
        centsOff: 0,
        vectorsOff: 0,
        crashes: 0,
        freezes: 0,
        stuck: 0,
        fiveHundreds: 0,
        envelopeMisses: 0,
      });
    }
    // The suite did real work: items in every processing scenario, and the balance capped the 50 submissions at 10.
    expect(rows.find((r) => r.scenario === "50 submissions, balance for 10")!.items).toBe(10);
    expect(rows.find((r) => r.scenario === "10 requests, one Idempotency-Key")!.items).toBe(1);
    expect(Number(rows.find((r) => r.scenario === "worker SIGKILL")!.items)).toBeGreaterThan(0);
  }, 1_600_000);
});
