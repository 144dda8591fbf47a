import { getDb } from "@/db/client";
import { findReferencedUploads } from "@/db/queries/items";
import { getBlobStore } from "@/lib/blob-store";
import { INCOMING_PREFIX } from "@/lib/storage";

const PAGE = 500;

/**
 * Removes uploads that no item names and that are older than `maxAgeMs`: left by a server that
 * died (or a request refused) between receiving the bytes and committing the batch, which
 * charged nothing. The age keeps uploads still streaming in, on any app instance, untouched;
 * the database check keeps queued items' uploads, however long they wait.
 */
export async function removeStaleIncoming(maxAgeMs: number): Promise<number> {
  const store = getBlobStore();
  const cutoff = Date.now() - maxAgeMs;
  let removed = 0;
  let page: string[] = [];
  const flush = async () => {
    const referenced = await findReferencedUploads(getDb(), { refs: page.map((k) => store.ref(k)) });
    for (const key of page) {
      if (referenced.has(store.ref(key))) continue;
      await store.delete(key);
      removed++;
    }
    page = [];
  };
  for await (const entry of store.list(INCOMING_PREFIX)) {
    if (entry.modifiedAt.getTime() > cutoff) continue;
    page.push(entry.key);
    if (page.length >= PAGE) await flush();
  }
  if (page.length) await flush();
  return removed;
}
