import { afterEach, describe, expect, it } from "vitest";
import { execFile } from "node:child_process";
import { createHmac } from "node:crypto";
import path from "node:path";
import { promisify } from "node:util";
import { eq, sql } from "drizzle-orm";
import { getDb } from "@/db/client";
import { getBalance } from "@/db/queries/ledger";
import { accounts, batches } from "@/db/schema";
import { GET as getBatchRoute } from "@/app/v1/batches/[id]/route";
import { startPostgresWorker, type RunningWorker } from "@/lib/jobs/postgres-worker";
import { deliverWebhook } from "@/lib/webhooks/deliver-webhook";
import { setAccountWebhook } from "@/lib/webhooks/set-account-webhook";
import { fixture, newAccount, postBatch, waitForBatch } from "./helpers";
import { startReceiver } from "./webhook-receiver";

const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function worker(): Promise<RunningWorker> {
  // The receiver is on loopback, which production refuses: allowed here explicitly, and a
  // fast retry base so three attempts take seconds, not minutes.
  const w = await startPostgresWorker({ concurrency: 2, webhooks: { allowPrivate: true, retryBaseSeconds: 0.3 } });
  cleanups.push(() => w.stop());
  return w;
}

async function receiver(options: { failFirst?: number } = {}) {
  const r = await startReceiver(options);
  cleanups.push(r.close);
  return r;
}

async function until(probe: () => boolean, timeoutMs = 60_000) {
  const started = Date.now();
  while (!probe()) {
    if (Date.now() - started > timeoutMs) throw new Error("timed out waiting");
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** The README's verification, written out independently of lib/webhooks/sign-webhook.ts. */
function signatureValid(secret: string, header: string, body: string) {
  const { t, v1 } = Object.fromEntries(header.split(",").map((p) => p.split("="))) as { t: string; v1: string };
  const expected = createHmac("sha256", secret).update(`${t}.${body}`).digest("hex");
  return v1 === expected && Math.abs(Date.now() / 1000 - Number(t)) < 300;
}

async function statusWithWebhooks(apiKey: string, batchId: string) {
  const request = new Request(`http://tessera.test/v1/batches/${batchId}?include_webhooks=true`, { headers: { "x-api-key": apiKey } });
  const response = await getBatchRoute(request, { params: Promise.resolve({ id: batchId }) });
  expect(response.status).toBe(200);
  return ((await response.json()) as { data: { webhooks: Array<Record<string, unknown>> } }).data;
}

describe("batch.completed webhooks", () => {
  it("reach the account endpoint and the callback_url, signed, retried after 500s with one event id, and stop after a 2xx", async () => {
    const hooks = await receiver({ failFirst: 2 });
    const { accountId, apiKey } = await newAccount({ credit: 1 });
    const { secret } = await setAccountWebhook(getDb(), { accountId, url: hooks.url("/account"), allowPrivate: true });

    const { body } = await postBatch({ apiKey, files: [{ name: "notes.txt", content: await fixture("documents/sample.txt") }] });
    const batchId = body.data.batch_id as string;
    // A callback_url that passed the submission check (loopback is refused there, see below).
    await getDb().update(batches).set({ options: sql`${batches.options} || ${JSON.stringify({ callback_url: hooks.url("/callback") })}::jsonb` }).where(eq(batches.id, batchId));

    await worker();
    await waitForBatch(accountId, batchId);
    const deliveredTo = (path: string) => hooks.received.some((r) => r.path === path && r.answered === 200);
    await until(() => deliveredTo("/account") && deliveredTo("/callback"));
    // Long enough for two more attempts at this test's retry base, had any been scheduled.
    await new Promise((r) => setTimeout(r, 3_000));

    const eventIds = new Set<string>();
    for (const path of ["/account", "/callback"]) {
      const requests = hooks.received.filter((r) => r.path === path);
      expect(requests.map((r) => r.answered)).toEqual([500, 500, 200]);
      const ids = new Set(requests.map((r) => r.headers["tessera-event-id"]));
      expect(ids.size).toBe(1);
      eventIds.add([...ids][0] as string);
      for (const request of requests) {
        expect(signatureValid(secret, request.headers["tessera-signature"] as string, request.body)).toBe(true);
        expect(signatureValid("whsec_wrong", request.headers["tessera-signature"] as string, request.body)).toBe(false);
        expect(request.headers["tessera-event-type"]).toBe("batch.completed");
      }
      const event = JSON.parse(requests[2]!.body);
      expect(event).toMatchObject({
        id: requests[0]!.headers["tessera-event-id"],
        type: "batch.completed",
        data: { batch_id: batchId, status: "completed", collection: "default", total_items: 1, cost: { charged: 0.04, refunded: 0, net: 0.04 } },
      });
      expect(event.data.counts).toMatchObject({ succeeded: 1, failed: 0, queued: 0 });
      expect(event.data.completed_at).toEqual(expect.any(String));
      // Every attempt sends the same body: only the signature's timestamp changes.
      expect(new Set(requests.map((r) => r.body)).size).toBe(1);
    }
    expect(eventIds.size).toBe(2);
    // Nothing left in the queue for either event: a retry after success would be a pending job.
    const pending = await getDb().execute<{ n: number }>(
      sql`select count(*)::int as n from graphile_worker._private_jobs where key = any(${`{${[...eventIds].map((id) => `webhook:${id}`).join(",")}}`}::text[])`,
    );
    expect(pending[0]!.n).toBe(0);

    const status = await statusWithWebhooks(apiKey, batchId);
    expect(status.webhooks).toHaveLength(6);
    for (const path of ["/account", "/callback"]) {
      const attempts = status.webhooks.filter((w) => w.url === hooks.url(path));
      expect(attempts.map((w) => [w.attempt, w.status_code, w.delivered])).toEqual([
        [1, 500, false],
        [2, 500, false],
        [3, 200, true],
      ]);
      expect(attempts.map((w) => w.next_attempt_at === null)).toEqual([false, false, true]);
      expect(attempts[0]!.error).toMatch(/^HTTP 500/);
      expect(attempts[0]!.duration_ms).toEqual(expect.any(Number));
    }
  });

  it("also announce a batch that ends failed, with the final status inside", async () => {
    const hooks = await receiver();
    const { accountId, apiKey } = await newAccount({ credit: 1 });
    await setAccountWebhook(getDb(), { accountId, url: hooks.url("/hook"), allowPrivate: true });
    const { body } = await postBatch({ apiKey, files: [{ name: "broken.docx", content: await fixture("documents/corrupt.docx") }] });
    await worker();
    expect((await waitForBatch(accountId, body.data.batch_id)).status).toBe("failed");
    await until(() => hooks.received.length > 0);
    const event = JSON.parse(hooks.received[0]!.body);
    expect(event).toMatchObject({ type: "batch.completed", data: { batch_id: body.data.batch_id, status: "failed", cost: { charged: 0.04, refunded: 0.04 } } });
    expect(event.data.counts.failed).toBe(1);
  });

  it("announce a batch that closes at submission because every file was a duplicate", async () => {
    const hooks = await receiver();
    const { accountId, apiKey } = await newAccount({ credit: 1 });
    await setAccountWebhook(getDb(), { accountId, url: hooks.url("/hook"), allowPrivate: true });
    const file = { name: "same.txt", content: `duplicate me ${Date.now()}` };
    const first = await postBatch({ apiKey, files: [file] });
    await worker();
    await waitForBatch(accountId, first.body.data.batch_id);
    const second = await postBatch({ apiKey, files: [file] });
    const secondId = second.body.data.batch_id as string;
    await until(() => hooks.received.some((r) => JSON.parse(r.body).data.batch_id === secondId));
    const event = JSON.parse(hooks.received.find((r) => JSON.parse(r.body).data.batch_id === secondId)!.body);
    expect(event.data).toMatchObject({ status: "completed", cost: { charged: 0 } });
    expect(event.data.counts.skipped_duplicate).toBe(1);
  });
});

describe("webhook SSRF rule (WEBHOOK_ALLOW_PRIVATE off)", () => {
  for (const url of ["http://127.0.0.1:9/hook", "http://10.1.2.3/hook", "http://[::1]:8080/hook", "http://localhost:3000/hook", "http://169.254.169.254/latest/meta-data"]) {
    it(`refuses callback_url ${url} at submission, before anything is charged`, async () => {
      const { accountId, apiKey } = await newAccount({ credit: 1 });
      const { status, body } = await postBatch({
        apiKey,
        files: [{ name: "a.txt", content: "some text" }],
        fields: { batch_options: JSON.stringify({ callback_url: url }) },
      });
      expect(status).toBe(400);
      expect(body.error.code).toBe("validation_error");
      expect(body.error.details.field).toBe("callback_url");
      expect(await getBalance(getDb(), { accountId })).toBe(1_000_000);
    });
  }

  it("refuses at delivery a URL that now resolves to a private address (DNS rebinding), without retrying", async () => {
    const hooks = await receiver();
    const { accountId, apiKey } = await newAccount({ credit: 1 });
    // Stored while allowed (as if it resolved publicly then); `localhost` now resolves to loopback.
    await setAccountWebhook(getDb(), { accountId, url: `http://localhost:${hooks.port}/hook`, allowPrivate: true });
    const { body } = await postBatch({ apiKey, files: [{ name: "dup.txt", content: "rebinding text" }] });
    const batchId = body.data.batch_id as string;

    const outcome = await deliverWebhook({ eventId: "evt_rebinding", accountId, batchId, url: `http://localhost:${hooks.port}/hook`, attempt: 1 }, { allowPrivate: false });
    expect(outcome).toEqual({ delivered: false, statusCode: null, retryInSeconds: null });
    expect(hooks.received).toHaveLength(0);
    const [row] = (await statusWithWebhooks(apiKey, batchId)).webhooks;
    expect(row).toMatchObject({ event_id: "evt_rebinding", attempt: 1, status_code: null, delivered: false, next_attempt_at: null });
    expect(row!.error).toMatch(/^refused: localhost resolves to (127\.0\.0\.1|::1)/);
  });
});

describe("npm run admin -- set-webhook", () => {
  const admin = (...args: string[]) =>
    promisify(execFile)(process.execPath, ["--import", "tsx", "scripts/admin.ts", ...args], { cwd: path.resolve(import.meta.dirname, "../.."), env: process.env }).then(
      (r) => ({ code: 0, out: r.stdout + r.stderr }),
      (e: { code: number; stdout: string; stderr: string }) => ({ code: e.code, out: e.stdout + e.stderr }),
    );

  it("stores the endpoint and prints the account's signing secret; refuses a private address", async () => {
    const { accountId } = await newAccount();
    const set = await admin("set-webhook", "--account", accountId, "--url", "https://93.184.216.34/hooks/tessera");
    expect(set.code).toBe(0);
    const [row] = await getDb().select().from(accounts).where(eq(accounts.id, accountId));
    expect(row!.webhookUrl).toBe("https://93.184.216.34/hooks/tessera");
    expect(row!.webhookSecret).toMatch(/^whsec_[0-9a-f]{64}$/);
    expect(set.out).toContain(row!.webhookSecret);

    const refused = await admin("set-webhook", "--account", accountId, "--url", "http://10.0.0.5/hook");
    expect(refused.code).toBe(1);
    expect(refused.out).toMatch(/not allowed: 10\.0\.0\.5 resolves to 10\.0\.0\.5/);
    const [after] = await getDb().select().from(accounts).where(eq(accounts.id, accountId));
    expect(after!.webhookUrl).toBe("https://93.184.216.34/hooks/tessera");
  });
});
