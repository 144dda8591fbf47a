import { getDb } from "@/db/client";
import { chunksInWindows } from "@/db/queries/media";
import type { SearchResult } from "./search-schemas";

type ResultChunk = SearchResult["chunk"];

/**
 * context_chunks: N: each text hit gains the N stored chunks before and after its chunk (with
 * their pages and timecodes), read in one query, for citing and for answering with an LLM. A
 * picture hit (space "visual") has no neighbouring text: its lists are empty.
 */
export async function withContextChunks<R extends Pick<SearchResult, "media_id" | "space" | "chunk">>(
  accountId: string,
  results: R[],
  n: number | undefined,
): Promise<Array<R & { context_before?: ResultChunk[]; context_after?: ResultChunk[] }>> {
  if (!n) return results;
  const text = results.filter((r) => r.space === "text");
  const rows = await chunksInWindows(getDb(), { accountId, windows: text.map((r) => ({ mediaId: r.media_id, from: r.chunk.index - n, to: r.chunk.index + n })) });
  const toChunk = (c: (typeof rows)[number]): ResultChunk => ({ index: c.chunkIndex, text: c.text, page: c.page, start_s: c.startS, end_s: c.endS, label: c.label });
  return results.map((r) => {
    if (r.space !== "text") return { ...r, context_before: [], context_after: [] };
    const own = rows.filter((c) => c.mediaId === r.media_id);
    return {
      ...r,
      context_before: own.filter((c) => c.chunkIndex >= r.chunk.index - n && c.chunkIndex < r.chunk.index).map(toChunk),
      context_after: own.filter((c) => c.chunkIndex > r.chunk.index && c.chunkIndex <= r.chunk.index + n).map(toChunk),
    };
  });
}
