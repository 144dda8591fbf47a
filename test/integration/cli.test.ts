import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { and, eq, ne } from "drizzle-orm";
import { getDb } from "@/db/client";
import { batches, batchItems } from "@/db/schema";
import { getBalance } from "@/db/queries/ledger";
import { ITEM_PRICE_MICROS, MAX_FILES_PER_BATCH } from "@/lib/constants";
import { startPostgresWorker, type RunningWorker } from "@/lib/jobs/postgres-worker";
import { startApiServer } from "@/test/support/api-http-server";
import { runCli } from "@/test/support/cli-process";
import { newAccount, waitForBatch } from "./helpers";

// The real `tessera` CLI, as its own process, against the real route handlers on a real port,
// PostgreSQL, Chroma and a worker: split by the server's limits, Ctrl-C/crash and re-run, failures.

const CREDIT_DOLLARS = 10;
let worker: RunningWorker;
let api: Awaited<ReturnType<typeof startApiServer>>;
let dir: string;
let account: { accountId: string; apiKey: string };
let env: Record<string, string>;

/** 20 + 6 text files in nested folders, two notes.md in different folders, one unsupported file, one fake PDF. */
async function makeFolder(root: string) {
  const put = async (relative: string, content: string) => {
    await mkdir(path.dirname(path.join(root, relative)), { recursive: true });
    await writeFile(path.join(root, relative), content);
  };
  for (let i = 1; i <= 20; i++) await put(`a/file-${String(i).padStart(2, "0")}.txt`, `Plain note number ${i} about harbour logistics and crane schedules.`);
  for (let i = 1; i <= 6; i++) await put(`b/c/deep-${i}.md`, `# Deep ${i}\n\nA nested note on glacier measurements, sample ${i}.`);
  await put("notes.md", "The zanzibarquokka protocol: top-level notes on the migration plan.");
  await put("x/notes.md", "Other notes in folder x, about something else entirely.");
  await put("picture.xyz", "not a supported type");
  await put("bad/not-really.pdf", "this is plain text pretending to be a PDF");
}
const SUPPORTED_VALID = 28;

async function accountBatchIds() {
  return (await getDb().select({ id: batches.id }).from(batches).where(eq(batches.accountId, account.accountId))).map((b) => b.id);
}

beforeAll(async () => {
  worker = await startPostgresWorker({ concurrency: 2 });
  api = await startApiServer();
  account = await newAccount({ credit: CREDIT_DOLLARS });
  env = { TESSERA_URL: api.url, TESSERA_API_KEY: account.apiKey };
  dir = await mkdtemp(path.join(os.tmpdir(), "tessera-cli-"));
  await makeFolder(path.join(dir, "docs"));
});
afterAll(async () => {
  await worker?.stop();
  await api?.close();
  await rm(dir, { recursive: true, force: true });
});

describe("tessera upload", () => {
  it("splits by the server's limits, resumes after a crash without charging twice, and lists every failure", async () => {
    const folder = path.join(dir, "docs");
    // A crash after the first batch: the CLI is SIGKILLed as soon as it reports 25 files sent.
    const crashed = await runCli(["upload", folder, "--collection", "cli/docs", "--concurrency", "1"], env, { killWhen: (err) => err.includes(`uploaded ${MAX_FILES_PER_BATCH}/`) });
    expect(crashed.signal).toBe("SIGKILL");
    expect(crashed.stderr).toContain("to upload in 2 batches");
    const afterCrash = await accountBatchIds();
    expect(afterCrash.length).toBeGreaterThanOrEqual(1);

    const sentBefore = api.requests.length;
    const rerun = await runCli(["upload", folder, "--collection", "cli/docs", "--wait", "--json", "--poll-interval", "1"], env);
    // --wait follows the batches with long polls, not a polling loop.
    expect(api.requests.slice(sentBefore).filter((r) => /^GET \/v1\/batches\/[^/?]+\?.*wait=30/.test(r)).length).toBeGreaterThan(0);
    const summary = JSON.parse(rerun.stdout);
    expect(rerun.code, rerun.stderr).toBe(1); // a file failed
    expect(summary.files_found).toBe(30);
    expect(summary.skipped_existing.length).toBeGreaterThanOrEqual(MAX_FILES_PER_BATCH);
    expect(summary.skipped_existing.length + summary.uploaded).toBe(SUPPORTED_VALID);
    expect(summary.unsupported).toEqual([{ file: "picture.xyz", reason: "unsupported file type '.xyz'" }]);
    expect(summary.failures).toEqual([{ file: "bad/not-really.pdf", error: expect.stringContaining("not PDF") }]);
    // The summary's item counts are what the API reports for the batches it sent.
    expect(summary.items.succeeded).toBe(summary.uploaded);
    for (const b of summary.batches) expect(b.status).toBe("completed");

    for (const id of await accountBatchIds()) await waitForBatch(account.accountId, id);
    // Every file processed (and charged) exactly once, over both runs.
    const processed = await getDb()
      .select({ checksum: batchItems.checksum })
      .from(batchItems)
      .where(and(eq(batchItems.accountId, account.accountId), ne(batchItems.status, "skipped_duplicate")));
    expect(processed.length).toBe(SUPPORTED_VALID);
    expect(new Set(processed.map((p) => p.checksum)).size).toBe(SUPPORTED_VALID);
    expect(await getBalance(getDb(), { accountId: account.accountId })).toBe(CREDIT_DOLLARS * 1_000_000 - SUPPORTED_VALID * ITEM_PRICE_MICROS);

    // A third run has nothing to send: everything is there, and the fake PDF is refused again without a batch.
    const before = (await accountBatchIds()).length;
    const third = JSON.parse((await runCli(["upload", folder, "--collection", "cli/docs", "--json"], env)).stdout);
    expect(third).toMatchObject({ uploaded: 0, batches: [], failures: [{ file: "bad/not-really.pdf" }] });
    expect(third.skipped_existing.length).toBe(SUPPORTED_VALID);
    expect((await accountBatchIds()).length).toBe(before);
  });

  it("sends an Idempotency-Key per batch, so repeating a --force-overwrite upload is the same batch, charged once", async () => {
    const folder = path.join(dir, "docs", "b");
    const first = JSON.parse((await runCli(["upload", folder, "--collection", "cli/forced", "--force-overwrite", "--json"], env)).stdout);
    const balance = await getBalance(getDb(), { accountId: account.accountId });
    const again = JSON.parse((await runCli(["upload", folder, "--collection", "cli/forced", "--force-overwrite", "--json"], env)).stdout);
    expect(first.batches).toHaveLength(1);
    expect(again.batches.map((b: any) => b.batch_id)).toEqual(first.batches.map((b: any) => b.batch_id));
    expect(await getBalance(getDb(), { accountId: account.accountId })).toBe(balance);
    await waitForBatch(account.accountId, first.batches[0].batch_id);
  });
});

describe("tessera search, status, collections, balance --json", () => {
  it("print what the API says", async () => {
    const search = JSON.parse((await runCli(["search", "zanzibarquokka protocol", "--collection", "cli/docs", "--json"], env)).stdout);
    expect(search.results[0]).toMatchObject({ filename: "notes.md", collection: "cli/docs" });

    const collections = JSON.parse((await runCli(["collections", "--json"], env)).stdout);
    expect(collections.collections).toContainEqual(expect.objectContaining({ collection_id: "cli/docs", item_count: SUPPORTED_VALID }));

    const balance = JSON.parse((await runCli(["balance", "--json"], env)).stdout);
    expect(balance.balance * 1_000_000).toBeCloseTo((await getBalance(getDb(), { accountId: account.accountId }))!, 0);

    const status = JSON.parse((await runCli(["status", "--json"], env)).stdout);
    expect(status.upload_limits.max_files_per_batch).toBe(MAX_FILES_PER_BATCH);
    const [batchId] = await accountBatchIds();
    const batch = JSON.parse((await runCli(["status", batchId!, "--json"], env)).stdout);
    expect(batch).toMatchObject({ batch_id: batchId, status: "completed" });

    const noKey = await runCli(["balance"], { TESSERA_API_KEY: "" });
    expect(noKey.code).toBe(2);
    expect(noKey.stderr).toContain("TESSERA_API_KEY");
  });
});
