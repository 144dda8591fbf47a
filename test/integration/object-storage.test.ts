import { createHash } from "node:crypto";
import { access } from "node:fs/promises";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getDb } from "@/db/client";
import { getBalance } from "@/db/queries/ledger";
import { receiveMultipart } from "@/lib/api/multipart";
import { useBlobStoreForTests } from "@/lib/blob-store";
import { s3BlobStore } from "@/lib/blob-store/s3-store";
import { uploadLimitFor } from "@/lib/batches/validate-files";
import { startPostgresWorker, type RunningWorker } from "@/lib/jobs/postgres-worker";
import { removeStaleIncoming } from "@/lib/jobs/remove-stale-incoming";
import { incomingKey, INCOMING_PREFIX, mediaPreviewsDir } from "@/lib/storage";
import { POST as postBatchRoute } from "@/app/v1/batches/route";
import { startS3Server, type S3Server } from "@/test/support/s3-server";
import { call } from "./api-client";
import { fixture, itemsOf, ledgerOf, newAccount, postBatch, waitForBatch } from "./helpers";

// Uploads and previews in an S3-compatible bucket (s3rver in its own process, spoken to by the
// real AWS SDK): this process's route handlers and worker use it instead of DATA_DIR.
let s3: S3Server;
beforeAll(async () => {
  s3 = await startS3Server();
  useBlobStoreForTests(s3.store);
});
afterAll(async () => {
  useBlobStoreForTests(undefined);
  await s3?.stop();
});

const exists = (p: string) => access(p).then(() => true, () => false);
const uploadKeys = async () => s3.keys(INCOMING_PREFIX);
const objectOf = (ref: string) => ref.replace(/^s3:\/\/[^/]+\/t\//, "");

/** A multipart body generated while it is sent: the test holds no file whole either. */
function streamedBody(boundary: string, files: Array<{ name: string; bytes: number; fill: number }>) {
  const chunk = (fill: number) => new Uint8Array(1024 * 1024).fill(fill);
  const parts: Array<() => Uint8Array | null> = [];
  const encode = (text: string) => new TextEncoder().encode(text);
  for (const file of files) {
    parts.push(() => encode(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${file.name}"\r\nContent-Type: text/plain\r\n\r\n`));
    for (let sent = 0; sent < file.bytes; sent += 1024 * 1024) parts.push(() => chunk(file.fill).subarray(0, Math.min(1024 * 1024, file.bytes - sent)));
    parts.push(() => encode("\r\n"));
  }
  parts.push(() => encode(`--${boundary}--\r\n`));
  let next = 0;
  return new ReadableStream<Uint8Array>({
    pull(controller) {
      if (next >= parts.length) return controller.close();
      controller.enqueue(parts[next++]!()!);
    },
  });
}

function rawPost(apiKey: string, body: ReadableStream<Uint8Array>, boundary: string) {
  const request = new Request("http://tessera.test/v1/batches", {
    method: "POST",
    body,
    headers: { "x-api-key": apiKey, "content-type": `multipart/form-data; boundary=${boundary}` },
    duplex: "half",
  } as RequestInit);
  return postBatchRoute(request, { params: Promise.resolve({}) });
}

describe("object storage (S3-compatible)", () => {
  it("a crash between upload and commit charges nothing and leaves an orphan that the stale-upload sweep removes", async () => {
    const { accountId, apiKey } = await newAccount({ credit: 1 });
    // A committed batch (no worker runs yet): its upload waits in the bucket and must survive every sweep.
    const committed = await postBatch({ apiKey, files: [{ name: "kept.txt", content: "A committed upload waits for its worker." }], fields: { collection_id: "s3/crash" } });
    expect(committed.status).toBe(200);
    const [queued] = await itemsOf(committed.body.data.batch_id);
    expect(queued!.uploadPath).toMatch(/^s3:\/\/tessera-test\/t\/uploads\/incoming\/.+\.upload$/);

    // The server receives the bytes into the store, then dies before createBatch's transaction.
    const form = new FormData();
    form.append("file", new Blob(["bytes of a request whose server died"]), "orphan.txt");
    const received = await receiveMultipart(new Request("http://tessera.test/v1/batches", { method: "POST", body: form }), {
      store: s3.store,
      key: incomingKey,
      maxFiles: 25,
      maxTotalBytes: 100 * 1024 * 1024,
      hardLimitBytes: 101 * 1024 * 1024,
      fileLimit: uploadLimitFor,
    });
    const orphan = received.files[0]!.key;
    expect(await uploadKeys()).toEqual(expect.arrayContaining([orphan, objectOf(queued!.uploadPath!)]));
    expect((await ledgerOf(accountId)).map((e) => e.type)).toEqual(["adjustment", "charge"]);
    expect(await getBalance(getDb(), { accountId })).toBe(1_000_000 - 40_000);

    // Too young to be a dead request's: an upload still streaming on another instance looks the same.
    expect(await removeStaleIncoming(60 * 60 * 1000)).toBe(0);
    expect(await uploadKeys()).toContain(orphan);
    await removeStaleIncoming(0);
    const left = await uploadKeys();
    expect(left).not.toContain(orphan);
    expect(left).toContain(objectOf(queued!.uploadPath!));
  });

  it("an object store that refuses the upload answers 500 processing_error and charges nothing", async () => {
    const { accountId, apiKey } = await newAccount({ credit: 1 });
    // Nothing listens on port 9: every PUT fails (after the SDK's own retries).
    useBlobStoreForTests(s3BlobStore({ url: "s3://tessera-test/t", endpoint: "http://127.0.0.1:9", region: "us-east-1", forcePathStyle: true, accessKeyId: "x", secretAccessKey: "y" }));
    try {
      const { status, body } = await postBatch({ apiKey, files: [{ name: "lost.txt", content: "The store is down." }] });
      expect(status).toBe(500);
      expect(body.error).toMatchObject({ code: "processing_error", message: expect.stringContaining("could not be stored") });
    } finally {
      useBlobStoreForTests(s3.store);
    }
    expect((await ledgerOf(accountId)).map((e) => e.type)).toEqual(["adjustment"]);
  });

  it("streams a 100 MB batch into the bucket with multipart uploads, checksummed on the way, and deletes it on cancel", async () => {
    const { accountId, apiKey } = await newAccount({ credit: 1 });
    const MB = 1024 * 1024;
    const files = [0, 1, 2, 3, 4].map((i) => ({ name: `big-${i}.txt`, bytes: 20 * MB, fill: 0x61 + i }));
    global.gc?.();
    const rssBefore = process.memoryUsage().rss;
    const response = await rawPost(apiKey, streamedBody("s3boundary", files), "s3boundary");
    const growthMb = (process.memoryUsage().rss - rssBefore) / MB;
    const body = (await response.json()) as any;
    expect(response.status, JSON.stringify(body)).toBe(200);
    expect(body.data.total_items).toBe(5);
    // 100 MB went through; what stayed in memory is a few parts per file, not the files.
    expect(growthMb).toBeLessThan(150);

    const items = await itemsOf(body.data.batch_id);
    for (const [i, item] of items.entries()) {
      const expected = createHash("sha256").update(Buffer.alloc(20 * MB, files[i]!.fill)).digest("hex");
      expect(item.checksum).toBe(expected);
      expect(item.uploadPath).toMatch(/^s3:\/\//);
      const stored = await s3.store.getBuffer(item.uploadPath!);
      expect(stored?.length).toBe(20 * MB);
      expect(createHash("sha256").update(stored!).digest("hex")).toBe(expected);
    }

    const cancelled = await call("put /v1/batches/{id}/state", { apiKey, id: body.data.batch_id, json: { state: "cancelled" } });
    expect(cancelled.status).toBe(200);
    const left = await uploadKeys();
    for (const item of items) expect(left).not.toContain(objectOf(item.uploadPath!));
    expect(await getBalance(getDb(), { accountId })).toBe(1_000_000);
  });

  describe("with a worker reading from the bucket", () => {
    let worker: RunningWorker;
    beforeAll(async () => {
      worker = await startPostgresWorker({ concurrency: 2 });
    });
    afterAll(async () => {
      await worker.stop();
    });

    it("processes uploads into search results, keeps previews in the bucket, serves them, and deletes uploads and previews", async () => {
      const { accountId, apiKey } = await newAccount();
      const phrase = `cormorant lighthouse ${Date.now()}`;
      const { status, body } = await postBatch({
        apiKey,
        files: [
          { name: "harbour.txt", content: `The ${phrase} keeps its lamp lit through every winter storm on the northern cape.` },
          { name: "photo.png", content: await fixture("images/sample.png") },
        ],
        fields: { collection_id: "s3/search" },
      });
      expect(status).toBe(200);
      const uploads = (await itemsOf(body.data.batch_id)).map((i) => i.uploadPath);
      expect(uploads.every((u) => u?.startsWith("s3://"))).toBe(true);
      const done = await waitForBatch(accountId, body.data.batch_id);
      expect(done.status).toBe("completed");
      expect(done.counts.succeeded).toBe(2);
      // Each item's upload left the bucket when the item ended.
      const left = await uploadKeys();
      for (const u of uploads) expect(left).not.toContain(objectOf(u!));

      const found = await call("post /v1/search", { apiKey, json: { query: phrase, collections: ["s3/search"] } });
      expect(found.status).toBe(200);
      expect(found.body.data.results[0]).toMatchObject({ filename: "harbour.txt" });

      const listed = await call("get /v1/media", { apiKey, query: { collection: "s3/search" } });
      const photoId = listed.body.data.media.find((m: { filename: string }) => m.filename === "photo.png").media_id as string;
      expect(await s3.keys(`previews/${accountId}/${photoId}/`)).toEqual([`previews/${accountId}/${photoId}/0.webp`, `previews/${accountId}/${photoId}/previews.json`]);
      // Nothing of it on this machine's disk.
      expect(await exists(mediaPreviewsDir({ accountId, mediaId: photoId }))).toBe(false);
      const detail = await call("get /v1/media/{id}", { apiKey, id: photoId });
      expect(detail.body.data.previews).toHaveLength(1);
      const preview = await call("get /v1/media/{id}/previews/{n}", { apiKey, id: photoId, n: "0" });
      expect(preview.status).toBe(200);
      expect(preview.headers.get("content-type")).toBe("image/webp");
      expect(preview.bytes!.subarray(8, 12).toString()).toBe("WEBP");

      const deleted = await call("delete /v1/media/{id}", { apiKey, id: photoId });
      expect(deleted.status).toBe(200);
      expect(await s3.keys(`previews/${accountId}/${photoId}/`)).toEqual([]);
      expect((await call("get /v1/media/{id}/previews/{n}", { apiKey, id: photoId, n: "0" })).status).toBe(404);
    });
  });
});
