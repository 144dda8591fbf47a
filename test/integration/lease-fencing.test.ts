import { describe, expect, it } from "vitest";
import { eq, sql } from "drizzle-orm";
import { getDb } from "@/db/client";
import { claimItem, extendLease, releaseItem } from "@/db/queries/items";
import { batchItems, chunks } from "@/db/schema";
import { failItem } from "@/lib/pipeline/fail-item";
import { LeaseLostError, processItem } from "@/lib/pipeline/process-item";
import { call, textForm } from "./api-client";
import { itemsOf, newAccount } from "./helpers";

/** A run's lease lapses (its event loop was busy, its machine paused) and the item is claimed again. */
async function lapseAndReclaim(itemId: string, workerId: string) {
  await getDb().update(batchItems).set({ leaseExpiresAt: sql`now() - interval '1 second'` }).where(eq(batchItems.id, itemId));
  return claimItem(getDb(), { itemId, workerId, leaseSeconds: 60 });
}

describe("a run whose item was claimed again", () => {
  // The same worker id on purpose: with concurrency 2 one process can hold both runs, so the
  // worker id alone cannot tell them apart; the attempt the claim set can.
  it("writes nothing, fails nothing and hands nothing back: the later claim's run owns the item", async () => {
    const { apiKey } = await newAccount({ credit: 1 });
    const created = await call("post /v1/batches", { apiKey, form: textForm([{ name: "fenced.txt", content: "Harbour lanterns are counted at dusk." }], { collection_id: "fencing" }) });
    expect(created.status).toBe(200);
    const [queued] = await itemsOf(created.body.data.batch_id);
    const first = await claimItem(getDb(), { itemId: queued!.id, workerId: "w1", leaseSeconds: 60 });
    const second = await lapseAndReclaim(queued!.id, "w1");
    expect([first!.attempts, second!.attempts]).toEqual([1, 2]);

    // The displaced run (attempt 1) reaches the store step: refused before any vector is written.
    const displaced = await processItem(first!, { workerId: "w1", signal: new AbortController().signal }).catch((e: unknown) => e);
    expect(displaced).toBeInstanceOf(LeaseLostError);
    expect(await getDb().select().from(chunks).where(eq(chunks.mediaId, queued!.mediaId!))).toHaveLength(0);
    // Nor can it keep the lease, fail the item or hand it back.
    expect(await extendLease(getDb(), { itemId: queued!.id, workerId: "w1", attempt: 1, leaseSeconds: 60 })).toBe(false);
    expect(await failItem({ itemId: queued!.id, workerId: "w1", attempt: 1, code: "timeout", message: "late" })).toBe(false);
    await releaseItem(getDb(), { itemId: queued!.id, workerId: "w1", attempt: 1 });
    const [held] = await itemsOf(created.body.data.batch_id);
    expect([held!.status, held!.attempts]).toEqual(["processing", 2]);

    // The current run (attempt 2) stores the item.
    await processItem(second!, { workerId: "w1", signal: new AbortController().signal });
    const [done] = await itemsOf(created.body.data.batch_id);
    expect(done!.status).toBe("succeeded");
    const stored = await getDb().select().from(chunks).where(eq(chunks.mediaId, done!.mediaId!));
    expect(stored.map((c) => c.text).join(" ")).toContain("Harbour lanterns are counted at dusk.");
    const search = await call("post /v1/search", { apiKey, json: { query: "harbour lanterns", collections: "fencing" } });
    expect(search.body.data.results.map((r: { media_id: string }) => r.media_id)).toContain(done!.mediaId);
  });
});
