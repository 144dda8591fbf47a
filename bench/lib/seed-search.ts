// Seeds a collection with synthetic but searchable content straight into PostgreSQL and
// Chroma (going through the pipeline would take half an hour for 100,000 chunks). Vectors are
// real USE embeddings of a few thousand distinct sentences, each reused with a little noise,
// so nearest-neighbour search has realistic structure; texts carry the same words for
// full-text search.

import postgres from "postgres";
import { ChromaClient } from "chromadb";
import { chromaCollectionName } from "@/lib/vectors/chroma";

/** The model the seeded vectors come from: recorded on the collection, and part of its index name. */
export const SEED_MODEL = { provider: "offline", model: "universal-sentence-encoder-lite", dimension: 512 };

const TOPICS = [
  "harbour", "volcano", "invoice", "kitten", "satellite", "orchard", "glacier", "turbine", "violin", "bakery",
  "tax", "reef", "bridge", "comet", "vaccine", "tractor", "novel", "circuit", "desert", "museum",
];
const ACTIONS = ["inspected", "repaired", "photographed", "measured", "described", "audited", "painted", "mapped", "recorded", "sold"];
const PLACES = ["in Lisbon", "near Oslo", "at dawn", "during the storm", "for the quarterly report", "by the river", "on the night shift", "after the audit"];

export function sentence(i: number): string {
  const t = TOPICS[i % TOPICS.length]!;
  const a = ACTIONS[Math.floor(i / TOPICS.length) % ACTIONS.length]!;
  const p = PLACES[Math.floor(i / (TOPICS.length * ACTIONS.length)) % PLACES.length]!;
  return `The ${t} was ${a} ${p}, entry ${i}.`;
}

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
  uniqueSentences,
  embed,
  log,
}: {
  databaseUrl: string;
  chromaUrl: string;
  accountId: string;
  chunks: number;
  uniqueSentences: number;
  embed: (texts: string[]) => Promise<number[][]>;
  log: (m: string) => void;
}): Promise<SeedResult> {
  const started = performance.now();
  const base = await embed(Array.from({ length: uniqueSentences }, (_, i) => sentence(i)));
  log(`embedded ${uniqueSentences} distinct sentences`);
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
      const mediaRows = rows.filter((i) => i % perMedia === 0).map((i) => ({
        id: `med_bench${i / perMedia}`, account_id: accountId, collection_id: collectionRowId, filename: `doc-${i / perMedia}.txt`,
        extension: ".txt", media_type: "document", size_bytes: 1000, checksum: `bench${i}`, status: "ready", chunk_count: perMedia,
      }));
      if (mediaRows.length) await sql`insert into media ${sql(mediaRows)}`;
      const chunkRows = rows.map((i) => ({
        media_id: `med_bench${Math.floor(i / perMedia)}`, account_id: accountId, collection_id: collectionRowId,
        chunk_index: i % perMedia, text: sentence(i % uniqueSentences) + ` Part ${i}.`, token_count: 16,
      }));
      await sql`insert into chunks ${sql(chunkRows)}`;
      await collection.add({
        ids: rows.map((i) => `med_bench${Math.floor(i / perMedia)}:${i % perMedia}`),
        embeddings: rows.map((i) => noisy(base[i % uniqueSentences]!, i)),
        documents: chunkRows.map((r) => r.text),
        metadatas: rows.map((i) => ({ media_id: `med_bench${Math.floor(i / perMedia)}`, chunk_index: i % perMedia, media_type: "document", filename: `doc-${Math.floor(i / perMedia)}.txt`, created_at: created })),
      });
      log(`seeded ${start + rows.length} / ${chunks} chunks`);
    }
    return { collectionRowId, chunks, seconds: (performance.now() - started) / 1000 };
  } finally {
    await sql.end({ timeout: 5 });
  }
}
