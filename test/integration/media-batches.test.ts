import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
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

const IMAGES = ["jpg", "jpeg", "png", "gif", "bmp", "tiff", "tif", "webp", "svg", "heic", "heif"];
const AUDIO = ["mp3", "wav", "m4a", "flac", "ogg", "aac", "aiff", "wma"];
const VIDEO = ["mp4", "mov", "avi", "webm", "mpeg", "mpg", "wmv"];
const PRICE = 40_000;
// OCR and speech-to-text of 15-26 files on two cores: ~1 min on an idle machine, several
// times that on a machine shared with other test runs.
const SLOW_MS = 420_000;

async function storedText(mediaId: string) {
  const rows = await getDb().select().from(chunks).where(eq(chunks.mediaId, mediaId)).orderBy(chunks.chunkIndex);
  return { rows, text: rows.map((c) => c.text).join(" ") };
}

/** Submits files, waits for the batch, and checks that each failure was refunded once. */
async function run(files: { name: string; content: Buffer }[], expected: { succeeded: number; failed: number }) {
  const { accountId, apiKey } = await newAccount({ credit: 5 });
  const { status, body } = await postBatch({ apiKey, files });
  expect(status, JSON.stringify(body)).toBe(200);
  const done = await waitForBatch(accountId, body.data.batch_id, SLOW_MS - 20_000);
  expect(done.status).toBe("completed");
  expect(done.counts).toMatchObject(expected);
  const ledger = await ledgerOf(accountId);
  expect(ledger.filter((e) => e.type === "refund")).toHaveLength(expected.failed);
  expect(await getBalance(getDb(), { accountId })).toBe(5_000_000 - expected.succeeded * PRICE);
  expect(await getBalance(getDb(), { accountId })).toBe(balanceFromLedger(ledger));
  return { done, items: await itemsOf(body.data.batch_id) };
}

describe("a batch of every image type plus corrupt media", () => {
  it("stores each image's description and OCR text; corrupt files fail alone and are refunded", async () => {
    const files = [
      ...(await Promise.all(IMAGES.map(async (ext) => ({ name: `sample.${ext}`, content: await fixture(`images/sample.${ext}`) })))),
      { name: "broken.jpg", content: await fixture("hostile/truncated.jpg") },
      { name: "broken.mp4", content: await fixture("hostile/truncated.mp4") },
      { name: "broken.wav", content: await fixture("hostile/truncated.wav") },
    ];
    const { done, items } = await run(files, { succeeded: IMAGES.length, failed: 3 });
    expect(done.errors).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ filename: "broken.jpg", code: "corrupt_media" }),
        expect.objectContaining({ filename: "broken.mp4", code: "corrupt_media" }),
        expect.objectContaining({ filename: "broken.wav", code: "corrupt_media" }),
      ]),
    );
    for (const item of items.filter((i) => i.status === "succeeded")) {
      expect(item.mediaType).toBe("image");
      const { rows, text } = await storedText(item.mediaId!);
      expect(rows[0]!.label, item.filename).toBe("description");
      expect(text, item.filename).toContain(`'${item.filename}', 640x240`);
      expect(text, item.filename).toContain("HARBOUR LIGHTS 42");
      const [row] = await getDb().select().from(media).where(eq(media.id, item.mediaId!));
      expect(row!.status).toBe("ready");
    }
    const jpg = items.find((i) => i.filename === "sample.jpg")!;
    expect((await storedText(jpg.mediaId!)).text).toContain("taken 2024-07-01 with Canon EOS R6 at 43.7,7.3");
  }, SLOW_MS);
});

describe("a batch of every audio and video type plus one over the duration limit", () => {
  it("stores descriptions and timed transcripts; the 11-minute video fails with content_limit_exceeded", async () => {
    const files = [
      ...(await Promise.all(AUDIO.map(async (ext) => ({ name: `sample.${ext}`, content: await fixture(`audio/sample.${ext}`) })))),
      ...(await Promise.all(VIDEO.map(async (ext) => ({ name: `clip.${ext}`, content: await fixture(`video/sample.${ext}`) })))),
      { name: "long.mp4", content: await fixture("hostile/long.mp4") },
    ];
    const { done, items } = await run(files, { succeeded: AUDIO.length + VIDEO.length, failed: 1 });
    expect(done.errors).toEqual([expect.objectContaining({ filename: "long.mp4", code: "content_limit_exceeded" })]);
    for (const item of items.filter((i) => i.status === "succeeded")) {
      const { rows, text } = await storedText(item.mediaId!);
      const kind = item.mediaType === "audio" ? "Audio" : "Video";
      expect(text, item.filename).toContain(`${kind} '${item.filename}'`);
      expect(text, item.filename).toMatch(/\btest\b/);
      const timed = rows.filter((r) => r.startS !== null);
      expect(timed.length, item.filename).toBeGreaterThan(0);
      expect(timed[0]!.endS!, item.filename).toBeGreaterThan(timed[0]!.startS!);
    }
    const mp3 = items.find((i) => i.filename === "sample.mp3")!;
    expect((await storedText(mp3.mediaId!)).text).toContain("'Harbour Talk' by Ada Keeper");
  }, SLOW_MS);
});
