import path from "node:path";
import { describe, expect, it } from "vitest";
import { slices, startModelPool } from "./model-pool";

const TIMED = path.resolve(import.meta.dirname, "../../test/support/timed-thread.mjs");
type Request = { label: string; ms: number; fail?: boolean };
type Result = { label: string; thread: number; at: number };

const job = (name: string, n: number, ms = 20): Request[] => Array.from({ length: n }, (_, i) => ({ label: `${name}${i}`, ms }));

describe("a pool of model threads", () => {
  it("interleaves jobs round-robin, so a small job does not wait behind a large one", async () => {
    const pool = await startModelPool<Request, Result>(TIMED, "The timed model", 1);
    try {
      const large = pool.run(job("L", 30));
      const small = pool.run(job("S", 2));
      const [l, s] = await Promise.all([large, small]);
      expect(l.map((r) => r.label)).toEqual(job("L", 30).map((r) => r.label)); // in the job's order
      expect(s.map((r) => r.label)).toEqual(["S0", "S1"]);
      // With one thread and turns taken in rotation, the small job is done after at most
      // three of the large job's requests (not after all 30, as first-come-first-served would do).
      const largeDoneBefore = l.filter((r) => r.at < s[1]!.at).length;
      expect(largeDoneBefore).toBeLessThanOrEqual(3);
    } finally {
      await pool.close();
    }
  });

  it("uses every thread for one job", async () => {
    const pool = await startModelPool<Request, Result>(TIMED, "The timed model", 2);
    try {
      const results = await pool.run(job("J", 8, 50));
      expect(results).toHaveLength(8);
      expect(new Set(results.map((r) => r.thread)).size).toBe(2);
    } finally {
      await pool.close();
    }
  });

  it("fails only the job whose request failed, and keeps serving the others", async () => {
    const pool = await startModelPool<Request, Result>(TIMED, "The timed model", 1);
    try {
      const bad = pool.run([...job("B", 2), { label: "B-x", ms: 0, fail: true }, ...job("B", 5)]);
      const good = pool.run(job("G", 4));
      await expect(bad).rejects.toThrow("refused B-x");
      expect((await good).map((r) => r.label)).toEqual(["G0", "G1", "G2", "G3"]);
      expect(await pool.run([])).toEqual([]);
    } finally {
      await pool.close();
    }
  });

  it("cuts texts into slices", () => {
    expect(slices([1, 2, 3, 4, 5], 2)).toEqual([[1, 2], [3, 4], [5]]);
    expect(slices([], 16)).toEqual([]);
  });
});
