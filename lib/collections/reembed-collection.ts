import { and, eq } from "drizzle-orm";
import { vectorAttributes } from "@/lib/media/attributes";
import { getDb } from "@/db/client";
import { recordSpaceModel } from "@/db/queries/collections";
import { chunksForReembed, swapTextModel } from "@/db/queries/reembed";
import { collections } from "@/db/schema";
import type { EmbeddingProvider } from "@/lib/embeddings";
import { dropIndex, openIndex, type IndexModel } from "@/lib/vectors/chroma";

/** Chunks embedded and written per step: one openai request (96) fits, memory stays small. */
const PAGE = 96;

export interface ReembedResult {
  collection: string;
  from: IndexModel | null;
  to: IndexModel;
  chunks: number;
  /** "swapped": a new index replaced the old one; "rebuilt": same model, rewritten in place. */
  outcome: "swapped" | "rebuilt" | "recorded";
}

/**
 * Re-embeds every stored chunk of a collection's text space with `embedder`.
 *
 * With a new model, the vectors go into a NEW Chroma index (index names carry the model),
 * while search keeps using the old one, which the collection row still records. Only when
 * every chunk is written does one UPDATE point the row at the new model (the swap); then
 * the old index is dropped. A crash before the swap leaves the row and the old index as
 * they were; the half-built index is dropped and rebuilt by the next run. With the same
 * model, vectors are upserted in place under their deterministic ids (this also rebuilds
 * an index lost or created before index names carried the model).
 */
export async function reembedCollection({
  accountId,
  name,
  embedder,
  log = () => {},
}: {
  accountId: string;
  name: string;
  embedder: EmbeddingProvider;
  log?: (line: string) => void;
}): Promise<ReembedResult> {
  const db = getDb();
  const [row] = await db.select().from(collections).where(and(eq(collections.accountId, accountId), eq(collections.name, name)));
  if (!row) throw new Error(`No collection '${name}' in account ${accountId}.`);
  const to: IndexModel = { provider: embedder.provider, model: embedder.model, dimension: embedder.dimension };
  const from: IndexModel | null =
    row.textProvider && row.textModel && row.textDimension ? { provider: row.textProvider, model: row.textModel, dimension: row.textDimension } : null;
  if (!from) {
    await recordSpaceModel(db, { id: row.id, space: "text", ...to });
    return { collection: name, from, to, chunks: 0, outcome: "recorded" };
  }
  const same = from.provider === to.provider && from.model === to.model && from.dimension === to.dimension;
  const target = { accountId, collectionRowId: row.id, space: "text" as const, model: to };
  if (!same) await dropIndex(target); // leftovers of a run that crashed before its swap
  const index = await openIndex(target);

  let written = 0;
  for (let afterId = 0; ; ) {
    const page = await chunksForReembed(db, { collectionRowId: row.id, afterId, limit: PAGE });
    if (page.length === 0) break;
    const embeddings = await embedder.embedTexts(page.map((c) => c.text));
    await index.upsert({
      ids: page.map((c) => `${c.mediaId}:${c.chunkIndex}`),
      embeddings,
      documents: page.map((c) => c.text),
      metadatas: page.map((c) => ({
        ...vectorAttributes(c.attributes),
        media_id: c.mediaId,
        batch_id: c.batchId ?? "",
        collection: name,
        filename: c.filename,
        media_type: c.mediaType,
        chunk_index: c.chunkIndex,
        created_at: Math.floor(c.mediaCreatedAt.getTime() / 1000),
        ...(c.page !== null && { page: c.page }),
        ...(c.label !== null && { label: c.label.slice(0, 200) }),
        ...(c.startS !== null && { start_s: c.startS }),
        ...(c.endS !== null && { end_s: c.endS }),
      })),
    });
    written += page.length;
    afterId = page.at(-1)!.id;
    log(`${written} chunks re-embedded`);
  }
  if (same) return { collection: name, from, to, chunks: written, outcome: "rebuilt" };

  if (!(await swapTextModel(db, { id: row.id, from: from.model, to }))) {
    await dropIndex(target);
    throw new Error(`Collection '${name}' changed model during the run; nothing was swapped. Run the command again.`);
  }
  await dropIndex({ collectionRowId: row.id, space: "text", model: from });
  return { collection: name, from, to, chunks: written, outcome: "swapped" };
}
