import { execFile } from "node:child_process";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { count, eq } from "drizzle-orm";
import { getDb } from "@/db/client";
import { chunks } from "@/db/schema";
import { getCollectionByRowId } from "@/db/queries/collections";
import { getMediaRow } from "@/db/queries/items";
import { POST as search } from "@/app/v1/search/route";
import { startPostgresWorker, type RunningWorker } from "@/lib/jobs/postgres-worker";
import { vectorSearch } from "@/lib/search/vector-search";
import { countVectors, indexExists } from "@/lib/vectors/chroma";
import { fakeEmbedding, startFakeOpenAi } from "@/test/support/fake-openai-server";
import { itemsOf, newAccount, postBatch, waitForBatch } from "./helpers";

const run = promisify(execFile);
const DIM = 96;
let worker: RunningWorker;
let fake: Awaited<ReturnType<typeof startFakeOpenAi>>;
let owner: { accountId: string; apiKey: string };
let collectionRowId: string;

const DOCS = {
  "cats.txt": "Cats are small domesticated felines. A kitten purrs and chases mice around the barn.",
  "finance.txt": "Quarterly revenue grew by twelve percent. The finance team reported operating margin.",
  "volcano.txt": "Magma rises through the crust and erupts as lava. Vesuvius buried Pompeii in ash.",
};

/** The operator command, in its own process, configured for the openai-compatible fake. */
function reembed(extraEnv: Record<string, string> = {}) {
  return run("npx", ["tsx", "scripts/admin.ts", "reembed", "--account", owner.accountId, "--collection", "shelf"], {
    env: {
      ...process.env,
      TEXT_EMBEDDINGS: "openai",
      VISUAL_EMBEDDINGS: "none",
      OPENAI_EMBEDDINGS_BASE_URL: fake.baseUrl,
      OPENAI_EMBEDDINGS_MODEL: "fake-embed",
      OPENAI_EMBEDDINGS_DIMENSIONS: String(DIM),
      ...extraEnv,
    },
  });
}

async function textSearch(query: string) {
  const response = await search(
    new Request("http://tessera.test/v1/search", {
      method: "POST",
      headers: { "x-api-key": owner.apiKey, "content-type": "application/json" },
      body: JSON.stringify({ query, collections: "shelf", lexical_weight: 0 }),
    }),
    { params: Promise.resolve({}) },
  );
  return { status: response.status, body: (await response.json()) as any };
}

beforeAll(async () => {
  fake = await startFakeOpenAi({ dimension: DIM });
  worker = await startPostgresWorker({ concurrency: 2 });
  owner = await newAccount({ credit: 5 });
  const batch = await postBatch({ apiKey: owner.apiKey, files: Object.entries(DOCS).map(([name, content]) => ({ name, content })), fields: { collection_id: "shelf" } });
  await waitForBatch(owner.accountId, batch.body.data.batch_id);
  const [item] = await itemsOf(batch.body.data.batch_id);
  collectionRowId = (await getMediaRow(getDb(), { mediaId: item!.mediaId! }))!.collectionId;
});

afterAll(async () => {
  await worker.stop();
  await fake.close();
});

/** Chunks stored for the collection in PostgreSQL: what a re-embedding must cover. */
async function storedChunks(): Promise<number> {
  const [row] = await getDb().select({ n: count() }).from(chunks).where(eq(chunks.collectionId, collectionRowId));
  return row!.n;
}

const USE = { provider: "offline", model: "universal-sentence-encoder-lite", dimension: 512 };

describe("npm run admin -- reembed", () => {
  it("a run that fails midway leaves the old model recorded and the old index serving search", async () => {
    fake.state.script = ["wrong-dimension"];
    await expect(reembed()).rejects.toMatchObject({ stderr: expect.stringContaining(`returned ${DIM + 1}-d vectors`) });
    const row = await getCollectionByRowId(getDb(), { id: collectionRowId });
    expect(row).toMatchObject({ textProvider: USE.provider, textModel: USE.model, textDimension: USE.dimension });
    const { body } = await textSearch("a young cat playing");
    expect(body.data.results[0].filename).toBe("cats.txt");
  }, 120_000);

  it("re-embeds every stored chunk into a new index, swaps the model and drops the old index", async () => {
    expect(await indexExists({ collectionRowId, space: "text", model: USE })).toBe(true);
    const stored = await storedChunks();
    expect(stored).toBeGreaterThanOrEqual(3);
    const { stdout } = await reembed();
    expect(stdout).toContain(`swapped: 'shelf' offline/universal-sentence-encoder-lite (512-d) -> openai/fake-embed (96-d), ${stored} chunks`);
    const row = await getCollectionByRowId(getDb(), { id: collectionRowId });
    expect(row).toMatchObject({ textProvider: "openai", textModel: "fake-embed", textDimension: DIM });
    expect(await indexExists({ collectionRowId, space: "text", model: USE })).toBe(false);
    expect(await countVectors({ accountId: owner.accountId, collectionRowId, space: "text" })).toBe(stored);
    // The new index answers queries embedded by the new model.
    const hits = await vectorSearch({ accountId: owner.accountId, collections: [row!], embedding: fakeEmbedding("lava and magma erupts", DIM), model: "fake-embed", nResults: 3, filters: {} });
    expect(hits[0]!.text).toContain("Magma");
  }, 120_000);

  it("then refuses items from a worker still configured for the old model, per item", async () => {
    const batch = await postBatch({ apiKey: owner.apiKey, files: [{ name: "late.txt", content: "A late arrival about dogs." }], fields: { collection_id: "shelf" } });
    const status = await waitForBatch(owner.accountId, batch.body.data.batch_id);
    expect(status.status).toBe("failed");
    const [item] = await itemsOf(batch.body.data.batch_id);
    expect(item).toMatchObject({ status: "failed", errorCode: "embedding_model_mismatch" });
    expect(item!.errorMessage).toContain("holds text vectors of openai/fake-embed (96-d); this server embeds with offline/universal-sentence-encoder-lite (512-d)");
    expect(await countVectors({ accountId: owner.accountId, collectionRowId, space: "text" })).toBe(await storedChunks());
  }, 120_000);

  it("search says which model a collection needs when the server's provider differs", async () => {
    const { status, body } = await textSearch("cats");
    expect(status).toBe(400);
    expect(body.error.message).toContain("'fake-embed', not 'universal-sentence-encoder-lite'");
  });
});
