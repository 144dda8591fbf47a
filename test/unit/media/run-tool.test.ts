import { describe, expect, it } from "vitest";
import { PROBES } from "@/lib/capabilities";
import { runTool } from "@/lib/pipeline/extract/run-tool";
import { failure } from "./helpers";

describe("runTool", () => {
  it("kills a tool that outlives its timeout", async () => {
    const started = Date.now();
    const err = await failure(runTool("sleep", ["30"], { timeoutMs: 200 }));
    expect(err.code).toBe("timeout");
    expect(Date.now() - started).toBeLessThan(3_000);
  });

  it("kills a tool when the item is aborted", async () => {
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 100);
    const err = await failure(runTool("sleep", ["30"], { timeoutMs: 60_000, signal: controller.signal }));
    expect(err.code).toBe("timeout");
    expect(err.message).toMatch(/cancelled/);
  });

  it("keeps at most maxOutputBytes of output", async () => {
    const result = await runTool("head", ["-c", "5000000", "/dev/zero"], { timeoutMs: 10_000, maxOutputBytes: 1000 });
    expect(result.code).toBe(0);
    expect(result.stdout.length).toBe(1000);
  });

  it("a missing tool fails the item instead of crashing", async () => {
    const err = await failure(runTool("/nonexistent/tool", [], { timeoutMs: 1000 }));
    expect(err.code).toBe("processing_error");
  });
});

describe("capability probes for media", () => {
  it.each(["ocr", "speech_to_text", "video"])("%s is probed and available on this machine (npm ci, and npm test for Debian's pocketsphinx)", async (name) => {
    const probe = PROBES.find((p) => p.name === name);
    expect(probe).toBeDefined();
    expect(await probe!.probe()).toMatchObject({ available: true });
  });
});
