// Seeds a collection with real text straight into PostgreSQL and Chroma (going through the
// pipeline would take half an hour for 100,000 chunks). Texts are sentence-sized chunks of the
// committed BEIR documents (./beir-text.ts). Vectors are real USE embeddings of the opening of
// a few thousand of those documents, each chunk taking its document's vector with a little
// noise, so nearest-neighbour search has realistic structure.

import postgres from "postgres";
import { ChromaClient } from "chromadb";
import { chromaCollectionName } from "@/lib/vectors/chroma";
import { benchChunks, benchDocuments, WORDS_PER_CHUNK } from "./beir-text";

/** The model the seeded vectors come from: recorded on the collection, and part of its index name. */
export const SEED_MODEL = { provider: "offline", model: "universal-sentence-encoder-lite", dimension: 512 };

function noisy(vector: number[], seed: number): number[] {
  let x = seed * 9301 + 49297;
  const out = vector.map((v) => {
    x = (x * 9301 + 49297) % 233280;
    return v + (x / 233280 - 0.5) * 0.02;
  });
  const norm = Math.hypot(...out);
  return out.map((v) => v / norm);
}

export interface SeedResult {
  collectionRowId: string;
  chunks: number;
  seconds: number;
}

export async function seedSearchCollection({
  databaseUrl,
  chromaUrl,
  accountId,
  chunks,
  uniqueVectors,
  embed,
  log,
}: {
  databaseUrl: string;
  chromaUrl: string;
  accountId: string;
  chunks: number;
  uniqueVectors: number;
  embed: (texts: string[]) => Promise<number[][]>;
  log: (m: string) => void;
}): Promise<SeedResult> {
  const started = performance.now();
  const documents = benchDocuments();
  const base = await embed(documents.slice(0, uniqueVectors).map((d) => d.words.slice(0, WORDS_PER_CHUNK).join(" ")));
  log(`embedded the openings of ${base.length} documents`);
  const texts = benchChunks(documents, chunks);
  const sql = postgres(databaseUrl, { max: 2, onnotice: () => {} });
  const collectionRowId = `col_bench${Date.now()}`;
  const url = new URL(chromaUrl);
  const chroma = new ChromaClient({ host: url.hostname, port: Number(url.port) });
  try {
    await sql`insert into collections (id, account_id, name, text_provider, text_model, text_dimension)
      values (${collectionRowId}, ${accountId}, 'bench', ${SEED_MODEL.provider}, ${SEED_MODEL.model}, ${SEED_MODEL.dimension})`;
    const collection = await chroma.getOrCreateCollection({
      name: chromaCollectionName({ collectionRowId, space: "text", model: SEED_MODEL }),
      embeddingFunction: null,
      configuration: { hnsw: { space: "cosine" } },
    });
    const perMedia = 20;
    const created = Math.floor(Date.now() / 1000);
    for (let start = 0; start < chunks; start += 5_000) {
      const rows = Array.from({ length: Math.min(5_000, chunks - start) }, (_, k) => start + k);
      const made = rows.map(() => texts.next().value!);
      const mediaRows = rows.filter((i) => i % perMedia === 0).map((i) => ({
        id: `med_bench${i / perMedia}`, account_id: accountId, collection_id: collectionRowId, filename: `doc-${i / perMedia}.txt`,
        extension: ".txt", media_type: "document", size_bytes: 1000, checksum: `bench${i}`, status: "ready", chunk_count: perMedia,
      }));
      if (mediaRows.length) await sql`insert into media ${sql(mediaRows)}`;
      const chunkRows = rows.map((i, k) => ({
        media_id: `med_bench${Math.floor(i / perMedia)}`, account_id: accountId, collection_id: collectionRowId,
        chunk_index: i % perMedia, text: made[k]!.text, token_count: made[k]!.text.split(" ").length,
      }));
      await sql`insert into chunks ${sql(chunkRows)}`;
      await collection.add({
        ids: rows.map((i) => `med_bench${Math.floor(i / perMedia)}:${i % perMedia}`),
        embeddings: rows.map((i, k) => noisy(base[made[k]!.document % base.length]!, i)),
        documents: chunkRows.map((r) => r.text),
        metadatas: rows.map((i) => ({ media_id: `med_bench${Math.floor(i / perMedia)}`, chunk_index: i % perMedia, media_type: "document", filename: `doc-${Math.floor(i / perMedia)}.txt`, created_at: created })),
      });
      log(`seeded ${start + rows.length} / ${chunks} chunks`);
    }
    // What autovacuum does soon after a bulk load (its insert threshold): statistics for the
    // planner and the visibility map that lets the postings scans skip the heap.
    await sql`vacuum (analyze) chunks, chunk_terms, media`;
    return { collectionRowId, chunks, seconds: (performance.now() - started) / 1000 };
  } finally {
    await sql.end({ timeout: 5 });
  }
}
