import { readFile } from "node:fs/promises";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { eq } from "drizzle-orm";
import { getDb } from "@/db/client";
import { chunks } from "@/db/schema";
import { MAX_FILES_PER_BATCH } from "@/lib/constants";
import { startPostgresWorker, type RunningWorker } from "@/lib/jobs/postgres-worker";
import { ACCEPTANCE_FILES, loadManifest, uploadName, type Expectation } from "../acceptance/manifest";
import { itemsOf, newAccount, postBatch, waitForBatch } from "./helpers";

// Every file of the acceptance corpus through the real path: upload route, worker (extract,
// chunk, embed with the offline model, store), then each outcome against the manifest.
// All mismatches are reported at once, with a per-category table.

let worker: RunningWorker;
beforeAll(async () => {
  worker = await startPostgresWorker({ concurrency: 2 });
});
afterAll(async () => {
  await worker.stop();
});

interface Outcome {
  status: string;
  code?: string | null;
  message?: string | null;
  chunks?: Array<{ text: string; page: number | null; label: string | null }>;
}

function mismatch(e: Expectation, o: Outcome | undefined): string | null {
  if (!o) return "no item and not rejected";
  if (e.expect === "rejected") {
    if (o.status !== "rejected") return `expected rejected at submission, got ${o.status} ${o.code ?? ""} ${o.message ?? ""}`.trim();
    if (e.message && !o.message?.toLowerCase().includes(e.message.toLowerCase())) return `rejected, but the reason "${o.message}" lacks "${e.message}"`;
    return null;
  }
  if (e.expect === "failed") {
    if (o.status !== "failed") return `expected failed ${e.code}, got ${o.status}${o.code || o.message ? ` ${o.code ?? ""}: ${o.message}` : ""}`;
    if (o.code !== e.code) return `expected ${e.code}, got ${o.code}: ${o.message}`;
    if (e.message && !o.message?.toLowerCase().includes(e.message.toLowerCase())) return `${o.code}, but the message "${o.message}" lacks "${e.message}"`;
    return null;
  }
  if (o.status !== "succeeded") return `expected succeeded, got ${o.status}${o.code || o.message ? ` ${o.code ?? ""}: ${o.message}` : ""}`;
  const stored = o.chunks ?? [];
  const norm = (s: string) => s.replace(/\s+/g, " ");
  const all = norm(stored.map((c) => c.text).join(" "));
  const missing = e.contains.filter((p) => !all.includes(norm(p)));
  if (missing.length) return `succeeded, but its chunks lack ${missing.map((p) => JSON.stringify(p)).join(", ")}`;
  if (e.page !== undefined || e.label !== undefined) {
    const holder = stored.filter((c) => e.contains.length === 0 || norm(c.text).includes(norm(e.contains[0]!)));
    const ok = holder.some((c) => (e.page === undefined || c.page === e.page) && (e.label === undefined || c.label === e.label));
    if (!ok) return `the chunk with ${JSON.stringify(e.contains[0])} is not on page ${e.page ?? "-"} / label ${e.label ?? "-"}`;
  }
  return null;
}

describe("the acceptance corpus of real public files", () => {
  it("gives every file the outcome its manifest names", async () => {
    const manifest = loadManifest();
    const { accountId, apiKey } = await newAccount({ credit: 1000 });
    const outcomes = new Map<string, Outcome>();
    const started = Date.now();

    const groups: Expectation[][] = [];
    for (let i = 0; i < manifest.length; i += MAX_FILES_PER_BATCH) groups.push(manifest.slice(i, i + MAX_FILES_PER_BATCH));
    // Submit everything first, so the worker is never idle between batches.
    const batchIds: string[] = [];
    for (const [n, group] of groups.entries()) {
      const files = await Promise.all(group.map(async (e) => ({ name: uploadName(e.file), content: await readFile(path.join(ACCEPTANCE_FILES, e.file)) })));
      const { status, body } = await postBatch({ apiKey, files, fields: { collection_id: "acceptance", batch_options: JSON.stringify({ skip_invalid: true }) } });
      expect(status, JSON.stringify(body)).toBe(200);
      for (const r of body.metadata?.rejected_files ?? []) outcomes.set(r.filename, { status: "rejected", message: r.reason });
      batchIds.push(body.data.batch_id);
      expect(n).toBe(batchIds.length - 1);
    }
    for (const batchId of batchIds) {
      await waitForBatch(accountId, batchId, 290_000 - (Date.now() - started));
      for (const item of await itemsOf(batchId)) {
        const stored = item.mediaId
          ? await getDb().select({ text: chunks.text, page: chunks.page, label: chunks.label }).from(chunks).where(eq(chunks.mediaId, item.mediaId))
          : [];
        outcomes.set(item.filename, { status: item.status, code: item.errorCode, message: item.errorMessage, chunks: stored });
      }
    }
    const seconds = Math.round((Date.now() - started) / 1000);

    const rows = new Map<string, { files: number; succeeded: number; failedAsExpected: number; known: number; mismatches: number }>();
    const problems: string[] = [];
    for (const e of manifest) {
      const row = rows.get(e.category) ?? { files: 0, succeeded: 0, failedAsExpected: 0, known: 0, mismatches: 0 };
      rows.set(e.category, row);
      row.files++;
      const problem = mismatch(e, outcomes.get(uploadName(e.file)));
      if (problem) {
        row.mismatches++;
        problems.push(`${e.file}: ${problem}`);
      } else if (e.known_issue) row.known++;
      else if (e.expect === "succeeded") row.succeeded++;
      else row.failedAsExpected++;
    }
    const table = [
      "| category | files | succeeded | failed as expected | known issues | mismatches |",
      "|---|---|---|---|---|---|",
      ...[...rows].map(([c, r]) => `| ${c} | ${r.files} | ${r.succeeded} | ${r.failedAsExpected} | ${r.known} | ${r.mismatches} |`),
    ].join("\n");
    console.log(`[acceptance] ${manifest.length} files in ${seconds} s\n${table}`);
    expect(problems, `${problems.length} of ${manifest.length} files do not match the manifest:\n${problems.join("\n")}\n${table}`).toEqual([]);
  }, 300_000);
});
