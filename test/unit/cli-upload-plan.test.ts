import { describe, expect, it } from "vitest";
import { checkFiles, splitIntoBatches } from "@/cli/upload/plan";
import { batchIdempotencyKey } from "@/cli/upload/resume";
import { storedFilename } from "@/cli/upload/walk";
import { pacedFetch } from "@/sdk/client";

const limits = {
  max_files_per_batch: 3,
  max_batch_bytes: 100,
  categories: [
    { category: "document" as const, extensions: [".txt", ".pdf"], max_bytes: 60 },
    { category: "image" as const, extensions: [".png"], max_bytes: 90 },
  ],
};
const file = (relative: string, size: number) => ({ path: `/x/${relative}`, relative, size, filename: storedFilename(relative) });

describe("tessera upload's plan", () => {
  it("refuses by the server's per-type limits and extensions, case-insensitively", () => {
    const { accepted, refused } = checkFiles([file("a.TXT", 10), file("b.pdf", 61), file("c.png", 61), file("d.exe", 1), file("e.txt", 0)], limits);
    expect(accepted.map((f) => [f.relative, f.category])).toEqual([["a.TXT", "document"], ["c.png", "image"]]);
    expect(refused).toEqual([
      { relative: "b.pdf", reason: "document files can be at most 60 bytes" },
      { relative: "d.exe", reason: "unsupported file type '.exe'" },
      { relative: "e.txt", reason: "the file is empty" },
    ]);
  });

  it("splits by files per batch and bytes per batch, in order", () => {
    const sizes = [10, 10, 10, 10, 50, 50, 40, 90];
    const batches = splitIntoBatches(sizes.map((size, i) => ({ size, i })), limits);
    expect(batches.map((b) => b.map((f) => f.i))).toEqual([[0, 1, 2], [3, 4], [5, 6], [7]]);
  });

  it("keeps folders in the stored name, which may not contain '/'", () => {
    expect(storedFilename("reports/2026/q1.pdf")).toBe("reports__2026__q1.pdf");
  });

  it("derives the Idempotency-Key from the batch's content", () => {
    const base = { collection: "c", forceOverwrite: false, batchOptions: {}, files: [{ filename: "a.txt", checksum: "1" }] };
    expect(batchIdempotencyKey(base)).toBe(batchIdempotencyKey({ ...base, files: [{ filename: "a.txt", checksum: "1" }] }));
    expect(batchIdempotencyKey(base)).not.toBe(batchIdempotencyKey({ ...base, files: [{ filename: "a.txt", checksum: "2" }] }));
    expect(batchIdempotencyKey(base)).not.toBe(batchIdempotencyKey({ ...base, collection: "d" }));
    expect(batchIdempotencyKey(base).length).toBeLessThanOrEqual(255);
  });
});

describe("the SDK's paced fetch", () => {
  it("waits out a 429 for Retry-After seconds and sends the same request again", async () => {
    const seen: string[] = [];
    const answers = [new Response("{}", { status: 429, headers: { "retry-after": "1" } }), new Response("{}", { status: 200 })];
    const waits: number[] = [];
    const paced = pacedFetch({ fetch: (async (r: Request) => (seen.push(await r.text()), answers.shift()!)) as typeof fetch, onRetry: (i) => waits.push(i.waitSeconds) });
    const response = await paced(new Request("http://t.test/v1/batches", { method: "POST", body: "same body" }));
    expect(response.status).toBe(200);
    expect(seen).toEqual(["same body", "same body"]);
    expect(waits).toEqual([1]);
  });
});
