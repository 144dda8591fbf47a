import { mkdtemp, readdir, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { Readable } from "node:stream";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { localBlobStore } from "./local-store";
import { parseStorageUrl } from "./s3-store";

describe("local folder store", () => {
  let root: string;
  beforeEach(async () => {
    root = await mkdtemp(path.join(tmpdir(), "tessera-blob-"));
  });
  afterEach(async () => {
    await rm(root, { recursive: true, force: true });
  });

  it("puts streams and buffers under the root, reads them by key or by ref, lists and deletes them", async () => {
    const store = localBlobStore(root);
    await store.put("uploads/incoming/a.upload", Readable.from([Buffer.from("hello "), Buffer.from("world")]));
    await store.put("previews/acc/med/0.webp", Buffer.from("webp"));
    const ref = store.ref("uploads/incoming/a.upload");
    expect(ref).toBe(path.join(root, "uploads/incoming/a.upload"));
    expect((await store.getBuffer(ref))?.toString()).toBe("hello world");
    expect((await store.getBuffer("uploads/incoming/a.upload"))?.toString()).toBe("hello world");
    // No partial file is left beside the object.
    expect(await readdir(path.join(root, "uploads/incoming"))).toEqual(["a.upload"]);

    const copy = await store.toLocalFile(ref, path.join(root, "tmp"));
    expect(copy?.path).toBe(ref);
    expect(await readFile(copy!.path, "utf8")).toBe("hello world");

    const listed = [];
    for await (const entry of store.list("uploads/incoming/")) listed.push(entry);
    expect(listed.map((e) => e.key)).toEqual(["uploads/incoming/a.upload"]);
    expect(listed[0]!.modifiedAt.getTime()).toBeGreaterThan(0);

    await store.delete(ref);
    await store.delete(ref);
    expect(await store.get(ref)).toBeNull();
    expect(await store.toLocalFile(ref, root)).toBeNull();
    await store.deletePrefix("previews/acc/med/");
    expect(await store.getBuffer("previews/acc/med/0.webp")).toBeNull();
  });

  it("a stream that fails leaves no object and no partial file", async () => {
    const store = localBlobStore(root);
    const failing = new Readable({
      read() {
        this.push(Buffer.from("half"));
        this.destroy(new Error("client went away"));
      },
    });
    await expect(store.put("uploads/incoming/b.upload", failing)).rejects.toThrow("client went away");
    expect(await readdir(path.join(root, "uploads/incoming"))).toEqual([]);
  });
});

describe("STORAGE_URL", () => {
  it("splits s3://bucket/prefix", () => {
    expect(parseStorageUrl("s3://media/tessera/prod/")).toEqual({ bucket: "media", prefix: "tessera/prod" });
    expect(parseStorageUrl("s3://media")).toEqual({ bucket: "media", prefix: "" });
    expect(() => parseStorageUrl("https://media")).toThrow();
  });
});
