import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { readdir } from "node:fs/promises";
import { getDb } from "@/db/client";
import { chunks, media } from "@/db/schema";
import { eq } from "drizzle-orm";
import { startPostgresWorker, type RunningWorker } from "@/lib/jobs/postgres-worker";
import { getMediaVectors } from "@/lib/vectors/chroma";
import { incomingDir } from "@/lib/storage";
import { balanceFromLedger, fixture, itemsOf, ledgerOf, newAccount, postBatch, waitForBatch } from "./helpers";
import { getBalance } from "@/db/queries/ledger";

let worker: RunningWorker;
beforeAll(async () => {
  worker = await startPostgresWorker({ concurrency: 2 });
});
afterAll(async () => {
  await worker.stop();
});

const DOCUMENTS = ["sample.pdf", "sample.docx", "sample.doc", "sample.odt", "sample.rtf", "sample.md", "sample.txt"];

describe("a batch of every document type", () => {
  it("goes to completed with chunks in Postgres and vectors in Chroma, charged once", async () => {
    const { accountId, apiKey } = await newAccount({ credit: 1 });
    const files = await Promise.all(DOCUMENTS.map(async (name) => ({ name, content: await fixture(`documents/${name}`) })));
    const waitingBefore = new Set(await readdir(incomingDir()).catch(() => [] as string[]));
    const { status, body } = await postBatch({ apiKey, files, fields: { collection_id: "reports/2026" } });
    expect(status).toBe(200);
    expect(body.data).toMatchObject({ status: "created", total_items: 7, collection: "reports/2026" });
    expect(body.data.cost_estimate.total).toBe(0.28);

    const done = await waitForBatch(accountId, body.data.batch_id);
    expect(done.status).toBe("completed");
    expect(done.counts.succeeded).toBe(7);
    expect(done.progress).toEqual({ percentage: 100, completed: 7, total: 7 });

    const items = await itemsOf(body.data.batch_id);
    for (const item of items) {
      const [row] = await getDb().select().from(media).where(eq(media.id, item.mediaId!));
      expect(row!.status).toBe("ready");
      const stored = await getDb().select().from(chunks).where(eq(chunks.mediaId, item.mediaId!));
      const text = stored.map((c) => c.text).join(" ");
      expect(text, item.filename).toContain("forty-two ships");
      expect(text, item.filename).toContain("Saffron tides");
      const vectors = await getMediaVectors({ accountId, collectionRowId: row!.collectionId, space: "text", mediaId: item.mediaId! });
      expect(vectors.ids.length).toBe(stored.length);
      expect(vectors.metadatas[0]).toMatchObject({ media_id: item.mediaId, batch_id: body.data.batch_id, filename: item.filename, media_type: "document" });
    }
    const pdf = items.find((i) => i.filename === "sample.pdf")!;
    const pdfChunks = await getDb().select().from(chunks).where(eq(chunks.mediaId, pdf.mediaId!));
    // Page text carries its page; the description chunk (what the file is) has none.
    expect(new Set(pdfChunks.filter((c) => c.label !== "description").map((c) => c.page))).toEqual(new Set([1, 2]));
    expect(pdfChunks.find((c) => c.label === "description")?.text).toMatch(/^PDF document 'sample\.pdf', 2 pages, titled 'Lighthouse Report'/);

    const ledger = await ledgerOf(accountId);
    expect(ledger.map((e) => e.type)).toEqual(["adjustment", "charge"]);
    expect(await getBalance(getDb(), { accountId })).toBe(balanceFromLedger(ledger));
    expect(await getBalance(getDb(), { accountId })).toBe(1_000_000 - 7 * 40_000);
    // Uploads are deleted once processed.
    expect((await readdir(incomingDir())).filter((name) => !waitingBefore.has(name))).toEqual([]);
  });
});
