import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { createServer, type Server } from "node:http";
import { InngestTestEngine } from "@inngest/test";
import { eq, sql } from "drizzle-orm";
import { getDb } from "@/db/client";
import { batches, jobOutbox } from "@/db/schema";
import { GET as inngestEndpoint } from "@/app/api/inngest/route";
import { jobDriver } from "@/lib/env";
import { flushJobOutbox } from "@/lib/jobs/flush-job-outbox";
import { setAccountWebhook } from "@/lib/webhooks/set-account-webhook";
import { fanOutBatch } from "@/inngest/functions/fan-out-batch";
import { finalizeBatch } from "@/inngest/functions/finalize-batch";
import { processItemFn } from "@/inngest/functions/process-item";
import { sweep } from "@/inngest/functions/sweep";
import { itemsOf, newAccount, postBatch } from "./helpers";
import { startReceiver } from "./webhook-receiver";

// This file runs the app with the Inngest driver: INNGEST_DEV points at a local HTTP server
// standing in for Inngest's event API (no dev server can be installed here). Set before any
// module reads lib/env (vi.hoisted runs before the imports), and restored afterwards.
const inngestPort = vi.hoisted(() => {
  const port = 20_000 + Math.floor(Math.random() * 20_000);
  process.env.INNGEST_DEV = `http://127.0.0.1:${port}`;
  // The finalizer delivers to a receiver on 127.0.0.1.
  process.env.WEBHOOK_ALLOW_PRIVATE = "true";
  return port;
});

interface SentEvent {
  id: string;
  name: string;
  data: Record<string, unknown>;
}
const sent: SentEvent[] = [];
let failing = false;
let inngestApi: Server;

beforeAll(async () => {
  inngestApi = createServer((req, res) => {
    let body = "";
    req.on("data", (c: Buffer) => (body += c.toString()));
    req.on("end", () => {
      if (failing || req.method !== "POST" || !req.url?.startsWith("/e/")) {
        res.writeHead(500, { "content-type": "application/json" }).end(JSON.stringify({ status: 500, error: "down" }));
        return;
      }
      const events = JSON.parse(body) as SentEvent[];
      sent.push(...events);
      res.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify({ status: 200, ids: events.map((e) => e.id) }));
    });
  });
  await new Promise<void>((resolve, reject) => inngestApi.once("error", reject).listen(inngestPort, "127.0.0.1", resolve));
});
afterAll(async () => {
  await new Promise<void>((resolve) => inngestApi.close(() => resolve()));
  delete process.env.INNGEST_DEV;
  delete process.env.WEBHOOK_ALLOW_PRIVATE;
});

async function outboxOf(batchId: string) {
  return getDb().select().from(jobOutbox).where(eq(jobOutbox.batchId, batchId)).orderBy(jobOutbox.id);
}

async function graphileJobsFor(keys: string[]) {
  const rows = await getDb().execute<{ n: number }>(sql`select count(*)::int as n from graphile_worker._private_jobs where key = any(${`{${keys.join(",")}}`}::text[])`);
  return rows[0]!.n;
}

describe("the inngest job driver", () => {
  it("is chosen by INNGEST_DEV, and a new batch is announced with batch/created after its transaction commits", async () => {
    expect(jobDriver()).toBe("inngest");
    const { accountId, apiKey } = await newAccount({ credit: 1 });
    const { status, body } = await postBatch({ apiKey, files: [{ name: "a.txt", content: "alpha text" }, { name: "b.txt", content: "beta text" }] });
    expect(status).toBe(200);
    const batchId = body.data.batch_id as string;
    const items = await itemsOf(batchId);

    const event = sent.find((e) => e.name === "batch/created" && e.data.batchId === batchId);
    expect(event).toBeDefined();
    expect(event!.data).toEqual({ batchId, accountId, itemIds: items.map((i) => i.id) });
    const outbox = await outboxOf(batchId);
    expect(outbox).toHaveLength(1);
    expect(outbox[0]!.eventId).toBe(event!.id);
    expect(outbox[0]!.sentAt).not.toBeNull();
    // The items wait for Inngest, not for the Postgres queue.
    expect(items.map((i) => i.status)).toEqual(["queued", "queued"]);
    expect(await graphileJobsFor(items.map((i) => i.id))).toBe(0);
  });

  it("serves its four functions at /api/inngest", async () => {
    const response = await (inngestEndpoint as unknown as (r: Request, ctx: unknown) => Promise<Response>)(new Request("http://tessera.test/api/inngest"), {});
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({ function_count: 4, mode: "dev" });
  });

  it("keeps an event whose send failed in the outbox, and the sweep function sends it after a grace period, once", async () => {
    const { apiKey } = await newAccount({ credit: 1 });
    failing = true;
    const { status, body } = await postBatch({ apiKey, files: [{ name: "c.txt", content: "gamma text" }] });
    failing = false;
    // The batch exists and was charged: an unreachable Inngest does not fail the request.
    expect(status).toBe(200);
    const batchId = body.data.batch_id as string;
    expect(sent.some((e) => e.data.batchId === batchId)).toBe(false);
    expect((await outboxOf(batchId))[0]!.sentAt).toBeNull();

    const sweepOnce = async () => (await new InngestTestEngine({ function: sweep }).execute()).result as { requeued: number; sent: number };
    // Within its grace period the event is still the request's to send.
    await sweepOnce();
    expect(sent.some((e) => e.data.batchId === batchId)).toBe(false);
    await getDb().update(jobOutbox).set({ createdAt: sql`now() - interval '1 minute'` }).where(eq(jobOutbox.batchId, batchId));
    await sweepOnce();
    expect(sent.filter((e) => e.data.batchId === batchId).map((e) => e.name)).toEqual(["batch/created"]);
    expect((await outboxOf(batchId))[0]!.sentAt).not.toBeNull();
    await sweepOnce();
    expect(await flushJobOutbox({ batchId })).toBe(0);
    expect(sent.filter((e) => e.data.batchId === batchId)).toHaveLength(1);
  });

  it("fans batch/created out into one item/process event per item, with ids stable across re-deliveries", async () => {
    const t = new InngestTestEngine({
      function: fanOutBatch,
      events: [{ id: "batch_x-queued-abc", name: "batch/created", data: { batchId: "batch_x", accountId: "acct_y", itemIds: ["item_1", "item_2"] } }],
      steps: [{ id: "fan-out", handler: () => ({ ids: ["a", "b"] }) }],
    });
    const { result, ctx } = await t.execute();
    expect(result).toEqual({ items: 2 });
    expect(ctx.step.sendEvent).toHaveBeenCalledWith("fan-out", [
      expect.objectContaining({ id: "batch_x-queued-abc-item_1", name: "item/process", data: { itemId: "item_1", batchId: "batch_x", accountId: "acct_y" } }),
      expect.objectContaining({ id: "batch_x-queued-abc-item_2", name: "item/process", data: { itemId: "item_2", batchId: "batch_x", accountId: "acct_y" } }),
    ]);
  });

  it("processes items with the shared pipeline; the run that closes the batch announces batch/closed, and the finalizer delivers the webhook with retries", async () => {
    const hooks = await startReceiver({ failFirst: 1 });
    try {
      const { accountId, apiKey } = await newAccount({ credit: 1 });
      const { secret } = await setAccountWebhook(getDb(), { accountId, url: hooks.url("/hook"), allowPrivate: true });
      const { body } = await postBatch({ apiKey, files: [{ name: "one.txt", content: "the first document about harbours" }, { name: "two.txt", content: "the second document about lighthouses" }] });
      const batchId = body.data.batch_id as string;
      const [first, second] = await itemsOf(batchId);

      const run = (itemId: string) =>
        new InngestTestEngine({
          function: processItemFn,
          events: [{ name: "item/process", data: { itemId, batchId, accountId } }],
          steps: [{ id: "announce-close", handler: () => ({ ids: [`${batchId}-closed`] }) }],
        }).execute();

      const one = await run(first!.id);
      expect(one.result).toEqual({ status: "succeeded", closedBatch: false });
      expect(one.ctx.step.sendEvent).not.toHaveBeenCalled();
      expect((await getDb().select().from(batches).where(eq(batches.id, batchId)))[0]!.status).toBe("running");

      const two = await run(second!.id);
      expect(two.result).toEqual({ status: "succeeded", closedBatch: true });
      expect(two.ctx.step.sendEvent).toHaveBeenCalledTimes(1);
      const [[stepId, events]] = vi.mocked(two.ctx.step.sendEvent).mock.calls as unknown as [[string, SentEvent[]]];
      expect(stepId).toBe("announce-close");
      expect(events).toHaveLength(1);
      expect(events[0]).toMatchObject({ id: `${batchId}-closed`, name: "batch/closed", data: { batchId, accountId, status: "completed" } });
      const deliveries = events[0]!.data.deliveries as Array<{ eventId: string; url: string }>;
      expect(deliveries).toEqual([{ eventId: expect.stringMatching(/^evt_/), accountId, batchId, url: hooks.url("/hook") }]);
      expect((await itemsOf(batchId)).map((i) => i.status)).toEqual(["succeeded", "succeeded"]);
      // Announced once: marked sent in the outbox, not left for the sweep.
      const closedRows = (await outboxOf(batchId)).filter((r) => r.name === "batch/closed");
      expect(closedRows.map((r) => r.sentAt !== null)).toEqual([true]);
      // Re-running an item's function is harmless: nothing is claimed or announced again.
      const again = await run(second!.id);
      expect(again.result).toEqual({ status: "succeeded", closedBatch: false });

      const eventId = deliveries[0]!.eventId;
      // The sleep between attempts is mocked (no Inngest server to wake the run); its length is asserted.
      const finalizer = new InngestTestEngine({
        function: finalizeBatch,
        events: [{ name: "batch/closed", data: events[0]!.data }],
        steps: [{ id: `wait-${eventId}-1`, handler: () => undefined }],
      });
      const { result, ctx } = await finalizer.execute();
      expect(ctx.step.sleep).toHaveBeenCalledWith(`wait-${eventId}-1`, "30s");
      expect(ctx.step.sleep).toHaveBeenCalledTimes(1);
      expect(result).toEqual({ deliveries: [{ eventId: deliveries[0]!.eventId, delivered: true, attempts: 2 }] });
      expect(hooks.received.map((r) => r.answered)).toEqual([500, 200]);
      expect(new Set(hooks.received.map((r) => r.headers["tessera-event-id"]))).toEqual(new Set([deliveries[0]!.eventId]));
      const { createHmac } = await import("node:crypto");
      for (const r of hooks.received) {
        const { t, v1 } = Object.fromEntries((r.headers["tessera-signature"] as string).split(",").map((p) => p.split("="))) as Record<string, string>;
        expect(v1).toBe(createHmac("sha256", secret).update(`${t}.${r.body}`).digest("hex"));
      }
      expect(JSON.parse(hooks.received[1]!.body).data).toMatchObject({ batch_id: batchId, status: "completed", counts: { succeeded: 2 } });
      const recorded = await getDb().execute<{ attempt: number; status_code: number }>(
        sql`select attempt, status_code from webhook_deliveries where batch_id = ${batchId} order by attempt`,
      );
      expect(recorded.map((r) => [r.attempt, r.status_code])).toEqual([
        [1, 500],
        [2, 200],
      ]);
    } finally {
      await hooks.close();
    }
  });
});

