import { sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { getDb } from "@/db/client";
import { startWorkerProcess } from "@/test/support/worker-process";
import { itemsOf, newAccount, postBatch, waitForBatch } from "./helpers";

const WORDS = ["harbour", "lantern", "ferry", "tide", "granite", "orchard", "copper", "meadow", "signal", "archive", "glacier", "violin"];

/** About 500 chunks of 50 tokens: tens of seconds of the offline model on this machine. */
function longText(): string {
  const sentences: string[] = [];
  for (let i = 0; i < 1_000; i++) {
    const w = (k: number) => WORDS[(i * 7 + k * 5) % WORDS.length];
    sentences.push(`Record ${i} notes that the ${w(1)} near the ${w(2)} was moved past the ${w(3)} before the ${w(4)} of day ${i % 97}.`);
  }
  return sentences.join(" ");
}

async function itemRow(itemId: string) {
  const [row] = await getDb().execute<{ status: string; attempts: number; lease_expires_at: string | null }>(
    sql`select status, attempts, lease_expires_at from batch_items where id = ${itemId}`,
  );
  return row!;
}

async function heartbeatAge() {
  const [row] = await getDb().execute<{ age: number | null }>(sql`select extract(epoch from now() - max(heartbeat_at))::float8 as age from worker_heartbeats`);
  return row?.age ?? null;
}

describe("a worker embedding a large item", () => {
  it("keeps heartbeating and finishes a small item of another account meanwhile", async () => {
    const big = await newAccount({ credit: 1 });
    const small = await newAccount({ credit: 1 });
    const large = await postBatch({ apiKey: big.apiKey, files: [{ name: "ledger.txt", content: longText() }], fields: { batch_options: JSON.stringify({ chunk_size: 50, chunk_overlap: 0 }) } });
    const largeItem = (await itemsOf(large.body.data.batch_id))[0]!;

    // Two items at a time, 5 s leases: a lease not renewed while the model works would be taken over.
    startWorkerProcess({ WORKER_CONCURRENCY: "2", EMBEDDING_THREADS: "1" });
    const deadline = Date.now() + 120_000;
    while ((await itemRow(largeItem.id)).status === "queued" && Date.now() < deadline) await new Promise((r) => setTimeout(r, 200));
    expect((await itemRow(largeItem.id)).status).toBe("processing");

    const quick = await postBatch({ apiKey: small.apiKey, files: [{ name: "note.txt", content: "The ferry timetable changes on Monday." }] });
    const quickDone = await waitForBatch(small.accountId, quick.body.data.batch_id, 120_000);
    expect(quickDone.status).toBe("completed");
    // The small item finished while the large one was still being embedded, on one model thread:
    // the pool took its one slice between the large item's slices.
    const during = await itemRow(largeItem.id);
    expect(during.status).toBe("processing");
    expect(new Date(during.lease_expires_at!).getTime()).toBeGreaterThan(Date.now());
    expect(await heartbeatAge()).toBeLessThan(5);

    const largeDone = await waitForBatch(big.accountId, large.body.data.batch_id, 300_000);
    expect(largeDone.status).toBe("completed");
    const [ended] = await itemsOf(large.body.data.batch_id);
    expect(ended).toMatchObject({ status: "succeeded", attempts: 1 }); // never taken over
    expect(ended!.chunksWritten).toBeGreaterThan(200);
  }, 420_000);
});
