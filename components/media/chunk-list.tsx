import { formatSeconds } from "@/lib/console/format";
import type { MediaChunk } from "@/lib/media/schemas";

/** Where a chunk sits in its source: a page, a timecode, or the section/slide/sheet label. */
export function chunkLocation(chunk: Pick<MediaChunk, "page" | "label" | "start_s" | "end_s">): string | null {
  if (chunk.start_s !== null) return chunk.end_s !== null ? `${formatSeconds(chunk.start_s)}–${formatSeconds(chunk.end_s)}` : formatSeconds(chunk.start_s);
  const parts = [chunk.page !== null && `Page ${chunk.page}`, chunk.label].filter(Boolean);
  return parts.length ? parts.join(" · ") : null;
}

export function ChunkList({ chunks }: { chunks: MediaChunk[] }) {
  return (
    <ol className="space-y-3">
      {chunks.map((chunk) => {
        const where = chunkLocation(chunk);
        return (
          <li key={chunk.chunk_index} className="rounded-md border border-slate-200 p-3">
            <p className="mb-1 text-xs font-medium text-slate-500">
              Chunk {chunk.chunk_index + 1}
              {where && <span className="text-slate-700"> · {where}</span>}
            </p>
            <p className="text-sm leading-relaxed break-words whitespace-pre-wrap text-slate-900">{chunk.text}</p>
          </li>
        );
      })}
    </ol>
  );
}

/** Audio and video: the transcript's timed chunks as a list of timecodes and words. */
export function Transcript({ chunks }: { chunks: MediaChunk[] }) {
  const timed = chunks.filter((c) => c.start_s !== null);
  if (timed.length === 0) return <p className="text-sm text-slate-600">No speech was transcribed.</p>;
  return (
    <ol className="divide-y divide-slate-100">
      {timed.map((c) => (
        <li key={c.chunk_index} className="flex gap-3 py-2 text-sm">
          <span className="w-24 shrink-0 font-mono text-xs leading-5 text-slate-600 tabular-nums">{chunkLocation(c)}</span>
          <span className="min-w-0 break-words text-slate-900">{c.text}</span>
        </li>
      ))}
    </ol>
  );
}
