import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { eq } from "drizzle-orm";
import { getDb } from "@/db/client";
import { getBalance } from "@/db/queries/ledger";
import { chunks, media } from "@/db/schema";
import { startPostgresWorker, type RunningWorker } from "@/lib/jobs/postgres-worker";
import { balanceFromLedger, fixture, itemsOf, ledgerOf, newAccount, postBatch, waitForBatch } from "./helpers";

let worker: RunningWorker;
beforeAll(async () => {
  worker = await startPostgresWorker({ concurrency: 2 });
});
afterAll(async () => {
  await worker.stop();
});

const WEB = "Cobalt kites drift over the salt marsh";
const EBOOK = "Amber lanterns line the harbour wall";
const SLIDES = "Granite orchards bloom twice a year";
const SHEET = "Velvet harbour lanterns sold out";

/** One real file of every extension this server now processes, with the phrase it holds. */
const GOOD: [file: string, phrase: string, category: string][] = [
  ["web/sample.html", WEB, "web"],
  ["web/sample.htm", WEB, "web"],
  ["web/sample.hml", WEB, "web"],
  ["web/sample.xml", WEB, "web"],
  ["web/sample.json", WEB, "web"],
  ["ebooks/sample.epub", EBOOK, "ebook"],
  ["ebooks/sample.eml", EBOOK, "ebook"],
  ["presentations/sample.pptx", SLIDES, "presentation"],
  ["presentations/sample.odp", SLIDES, "presentation"],
  ["spreadsheets/sample.csv", SHEET, "spreadsheet"],
  ["spreadsheets/sample.tsv", SHEET, "spreadsheet"],
  ["spreadsheets/sample.xlsx", SHEET, "spreadsheet"],
  ["spreadsheets/sample.xls", SHEET, "spreadsheet"],
  ["spreadsheets/sample.ods", SHEET, "spreadsheet"],
  // No text layer: its text comes from OCR.
  ["documents/scanned.pdf", "Scanned page, no text layer", "document"],
];
/** A damaged file of every category, each passing the sniffing at submission. */
const BAD = ["web/truncated.json", "web/xxe.xml", "ebooks/truncated.epub", "presentations/truncated.pptx", "spreadsheets/truncated.xls", "spreadsheets/bomb.xlsx"];
const nameOf = (file: string) => file.replace("/", "-");

describe("a batch of every web, e-book, presentation and spreadsheet type, plus a scan", () => {
  it("stores every good file's phrase in its chunks, and fails and refunds each damaged one", async () => {
    const { accountId, apiKey } = await newAccount({ credit: 1 });
    const files = await Promise.all([...GOOD.map(([f]) => f), ...BAD].map(async (f) => ({ name: nameOf(f), content: await fixture(f) })));
    const { status, body } = await postBatch({ apiKey, files, fields: { collection_id: "every-type" } });
    expect(status).toBe(200);
    expect(body.data.total_items).toBe(GOOD.length + BAD.length);

    const done = await waitForBatch(accountId, body.data.batch_id, 110_000);
    expect(done.status).toBe("completed");
    expect(done.counts).toMatchObject({ succeeded: GOOD.length, failed: BAD.length });
    expect(new Set(done.errors?.map((e) => e.filename))).toEqual(new Set(BAD.map(nameOf)));
    expect(done.errors?.every((e) => e.code === "corrupt_media")).toBe(true);

    const items = await itemsOf(body.data.batch_id);
    for (const [file, phrase, category] of GOOD) {
      const item = items.find((i) => i.filename === nameOf(file))!;
      expect(item.status, file).toBe("succeeded");
      expect(item.mediaType, file).toBe(category);
      const stored = await getDb().select().from(chunks).where(eq(chunks.mediaId, item.mediaId!)).orderBy(chunks.chunkIndex);
      expect(stored.map((c) => c.text).join(" "), file).toContain(phrase);
      // The description is embedded first, so a query about what the file is reaches it.
      expect(stored[0]?.label, file).toBe("description");
    }

    const chunksOf = async (file: string) => {
      const item = items.find((i) => i.filename === nameOf(file))!;
      return getDb().select().from(chunks).where(eq(chunks.mediaId, item.mediaId!));
    };
    const sheet = (await chunksOf("spreadsheets/sample.xlsx")).find((c) => c.text.includes(SHEET))!;
    expect(sheet.label).toBe("Sales, rows 22-40");
    expect(sheet.text).toContain(`Region: South; Product: Widget 37; Revenue: 3700; Note: ${SHEET}`);
    const json = (await chunksOf("web/sample.json")).map((c) => c.text).join("\n");
    expect(json).toContain(`almanac.entries[2].note: ${WEB} at noon`);
    expect((await chunksOf("presentations/sample.pptx")).find((c) => c.text.includes(SLIDES))?.label).toBe("Slide 1");
    expect((await chunksOf("documents/scanned.pdf")).find((c) => c.text.includes("Scanned page"))?.page).toBe(1);
    const scan = items.find((i) => i.filename === nameOf("documents/scanned.pdf"))!;
    const [scanMedia] = await getDb().select().from(media).where(eq(media.id, scan.mediaId!));
    expect(scanMedia?.metadata).not.toHaveProperty("skipped");

    expect(done.cost).toEqual({ charged: 0.84, refunded: 0.24, net: 0.6 });
    const ledger = await ledgerOf(accountId);
    expect(ledger.filter((e) => e.type === "refund")).toHaveLength(BAD.length);
    expect(await getBalance(getDb(), { accountId })).toBe(balanceFromLedger(ledger));
    expect(await getBalance(getDb(), { accountId })).toBe(1_000_000 - GOOD.length * 40_000);
  });
});
