import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { eq } from "drizzle-orm";
import { getDb } from "@/db/client";
import { chunks, media } from "@/db/schema";
import { getBalance } from "@/db/queries/ledger";
import { startPostgresWorker, type RunningWorker } from "@/lib/jobs/postgres-worker";
import { getMediaVectors } from "@/lib/vectors/chroma";
import { fixture, itemsOf, ledgerOf, newAccount, postBatch, waitForBatch } from "./helpers";

let worker: RunningWorker;
beforeAll(async () => {
  worker = await startPostgresWorker({ concurrency: 2 });
});
afterAll(async () => {
  await worker.stop();
});

const EXTENSIONS = ["stl", "obj", "fbx", "glb", "3mf", "ply", "dae"];

describe("a batch of every 3D model type", () => {
  it("succeeds for each format with its description in the chunks, and refunds the corrupt one", async () => {
    const { accountId, apiKey } = await newAccount({ credit: 1 });
    const files = await Promise.all(EXTENSIONS.map(async (ext) => ({ name: `part-${ext}.${ext}`, content: await fixture(`model3d/cube.${ext}`) })));
    files.push({ name: "broken.glb", content: await fixture("model3d/hostile/truncated.glb") });
    const { status, body } = await postBatch({ apiKey, files, fields: { collection_id: "cad" } });
    expect(status).toBe(200);
    expect(body.data).toMatchObject({ status: "created", total_items: 8 });

    const done = await waitForBatch(accountId, body.data.batch_id, 110_000);
    expect(done.status).toBe("completed");
    expect(done.counts).toMatchObject({ succeeded: 7, failed: 1 });
    expect(done.errors).toEqual([expect.objectContaining({ filename: "broken.glb", code: "corrupt_media" })]);
    expect(done.cost).toEqual({ charged: 0.32, refunded: 0.04, net: 0.28 });
    expect((await ledgerOf(accountId)).filter((e) => e.type === "refund")).toHaveLength(1);
    expect(await getBalance(getDb(), { accountId })).toBe(1_000_000 - 7 * 40_000);

    for (const item of (await itemsOf(body.data.batch_id)).filter((i) => i.status !== "failed")) {
      const [row] = await getDb().select().from(media).where(eq(media.id, item.mediaId!));
      expect(row!.status, item.filename).toBe("ready");
      expect(row!.metadata, item.filename).toMatchObject({ vertex_count: 8, triangle_count: 12, closed: true, volume: 1, surface_area: 6 });
      const stored = await getDb().select().from(chunks).where(eq(chunks.mediaId, item.mediaId!));
      const text = stored.map((c) => c.text).join(" ");
      expect(text, item.filename).toContain(`3D model '${item.filename}': 8 vertices, 12 triangles, 1 x 1 x 1`);
      if (!/\.(stl|ply)$/.test(item.filename)) expect(text, item.filename).toContain("Materials: Steel.");
      const vectors = await getMediaVectors({ accountId, collectionRowId: row!.collectionId, space: "text", mediaId: item.mediaId! });
      expect(vectors.ids.length).toBe(stored.length);
      expect(vectors.metadatas[0]).toMatchObject({ media_id: item.mediaId, filename: item.filename, media_type: "model3d" });
    }
  });
});
