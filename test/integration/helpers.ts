import { readFile } from "node:fs/promises";
import path from "node:path";
import { eq } from "drizzle-orm";
import { getDb } from "@/db/client";
import { ledgerEntries, batchItems } from "@/db/schema";
import { createAccount } from "@/lib/accounts/create-account";
import { dollarsToMicros } from "@/lib/billing/pricing";
import { getBatchStatus } from "@/lib/batches/get-batch-status";
import { POST as postBatchRoute } from "@/app/v1/batches/route";

export const FIXTURES = path.resolve(import.meta.dirname, "../fixtures");

export async function newAccount({ credit = 10 }: { credit?: number } = {}) {
  const { account, key } = await createAccount(getDb(), { name: `test-${Date.now()}`, creditMicros: dollarsToMicros(credit) });
  return { accountId: account.id, apiKey: key.secret };
}

export interface UploadFile {
  name: string;
  content: Buffer | string;
  type?: string;
}

export async function fixture(relative: string): Promise<Buffer> {
  return readFile(path.join(FIXTURES, relative));
}

/** Calls the real route handler with a real multipart body. */
export async function postBatch({
  apiKey,
  files,
  fields = {},
  headers = {},
}: {
  apiKey?: string;
  files: UploadFile[];
  fields?: Record<string, string>;
  headers?: Record<string, string>;
}) {
  const form = new FormData();
  for (const file of files) {
    const bytes = typeof file.content === "string" ? Buffer.from(file.content) : file.content;
    form.append("file", new Blob([new Uint8Array(bytes)], { type: file.type ?? "application/octet-stream" }), file.name);
  }
  for (const [name, value] of Object.entries(fields)) form.append(name, value);
  const request = new Request("http://tessera.test/v1/batches", {
    method: "POST",
    body: form,
    headers: { ...(apiKey && { "x-api-key": apiKey }), ...headers },
  });
  const response = await postBatchRoute(request, { params: Promise.resolve({}) });
  return { status: response.status, body: (await response.json()) as any };
}

/** Polls `probe` every 100 ms until it answers something truthy, and returns that. */
export async function waitFor<T>(probe: () => Promise<T | undefined | null | false>, timeoutMs = 90_000): Promise<T> {
  const started = Date.now();
  for (;;) {
    const value = await probe();
    if (value) return value;
    if (Date.now() - started > timeoutMs) throw new Error("timed out waiting");
    await new Promise((r) => setTimeout(r, 100));
  }
}

export async function waitForBatch(accountId: string, batchId: string, timeoutMs = 90_000) {
  const started = Date.now();
  for (;;) {
    const status = await getBatchStatus({ accountId, batchId, includeErrors: true, includeJobDetails: true });
    if (["completed", "failed", "cancelled"].includes(status.status)) return status;
    if (Date.now() - started > timeoutMs) throw new Error(`batch ${batchId} still ${status.status} after ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

export async function ledgerOf(accountId: string) {
  return getDb().select().from(ledgerEntries).where(eq(ledgerEntries.accountId, accountId)).orderBy(ledgerEntries.id);
}

export async function itemsOf(batchId: string) {
  return getDb().select().from(batchItems).where(eq(batchItems.batchId, batchId)).orderBy(batchItems.position);
}

export const balanceFromLedger = (rows: Array<{ amountMicros: number }>) => rows.reduce((sum, r) => sum + r.amountMicros, 0);
