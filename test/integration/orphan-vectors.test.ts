import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getDb } from "@/db/client";
import { startPostgresWorker, type RunningWorker } from "@/lib/jobs/postgres-worker";
import { sweepOrphanVectors } from "@/lib/jobs/sweep-orphan-vectors";
import { replaceMediaVectors } from "@/lib/vectors/chroma";
import { newAccount } from "./helpers";
import { readyMedia, vectorIds } from "./media-helpers";

let worker: RunningWorker;
beforeAll(async () => {
  worker = await startPostgresWorker({ concurrency: 1 });
});
afterAll(async () => {
  await worker.stop();
});

describe("the orphan-vector sweep", () => {
  it("removes vectors whose media row is gone, as an earlier build's displaced run left them, and keeps live ones", async () => {
    const { accountId, apiKey } = await newAccount({ credit: 1 });
    const liveId = await readyMedia({ accountId, apiKey, name: "live.txt", collection: "orphans" });
    const collection = await getDb().query.collections.findFirst({ where: (c, { and, eq }) => and(eq(c.accountId, accountId), eq(c.name, "orphans")) });
    const collectionRowId = collection!.id;
    const live = await vectorIds({ accountId, collectionRowId, mediaId: liveId });
    expect(live.length).toBeGreaterThan(0);

    // Written straight to Chroma for media that no longer exist, as a fenced-off run once did.
    const dimension = collection!.textDimension!;
    for (const gone of ["med_gone1", "med_gone2"]) {
      await replaceMediaVectors({
        accountId,
        collectionRowId,
        space: "text",
        mediaId: gone,
        records: Array.from({ length: 3 }, (_, i) => ({
          id: `${gone}:${i}`,
          embedding: Array.from({ length: dimension }, (_, d) => Math.sin(d + i)),
          document: `orphan ${i}`,
          metadata: { media_id: gone, chunk_index: i },
        })),
      });
    }
    expect(await vectorIds({ accountId, collectionRowId, mediaId: "med_gone1" })).toHaveLength(3);

    // A small budget per run: the sweep still gets there over runs, and never touches live vectors.
    // Runs go on until both are gone: another worker's sweep may take one of them first, and
    // the suite's other collections (any number of vectors) may come before this one.
    const orphansLeft = async () =>
      (await vectorIds({ accountId, collectionRowId, mediaId: "med_gone1" })).length +
      (await vectorIds({ accountId, collectionRowId, mediaId: "med_gone2" })).length;
    let removed = 0;
    for (let run = 0; run < 2_000 && (await orphansLeft()) > 0; run++) {
      removed += await sweepOrphanVectors({ budget: 25 });
    }
    // Another worker of the suite may sweep them too (its start-up sweep): what counts is that they go.
    expect(removed).toBeLessThanOrEqual(6);
    expect(await vectorIds({ accountId, collectionRowId, mediaId: "med_gone1" })).toHaveLength(0);
    expect(await vectorIds({ accountId, collectionRowId, mediaId: "med_gone2" })).toHaveLength(0);
    expect((await vectorIds({ accountId, collectionRowId, mediaId: liveId })).sort()).toEqual(live.sort());
  });
});
