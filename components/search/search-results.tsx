import Link from "next/link";
import { mediaHref } from "@/components/collections/collection-paths";
import { chunkLocation } from "@/components/media/chunk-list";
import { pictureCaption } from "@/components/media/media-facts";
import { PreviewImage } from "@/components/media/preview-image";
import { Badge } from "@/components/ui/badge";
import { formatSeconds } from "@/lib/console/format";
import type { SearchResult } from "@/lib/search/search-schemas";
import { Highlight } from "./highlight";

const WITH_PREVIEWS = new Set(["image", "video", "model3d"]);

export function SearchResults({ results }: { results: SearchResult[] }) {
  return (
    <ol className="space-y-3" aria-label="Search results">
      {results.map((r, i) => {
        // A picture hit's "text" is its label: say which picture matched instead of repeating it.
        const where = r.space === "visual" ? pictureCaption({ label: r.chunk.label, start_s: r.chunk.start_s }, formatSeconds) : chunkLocation(r.chunk);
        // A picture hit shows the very picture that matched; a text hit shows the first one.
        const preview = `/v1/media/${encodeURIComponent(r.media_id)}/previews/${r.space === "visual" ? r.chunk.index : 0}`;
        return (
          <li key={`${r.media_id}-${r.space}-${r.chunk.index}-${i}`} className="relative flex gap-3 rounded-lg border border-slate-200 bg-white p-3 shadow-sm focus-within:ring-2 focus-within:ring-indigo-600 hover:border-indigo-300">
            {WITH_PREVIEWS.has(r.media_type) && (
              <PreviewImage url={preview} alt={`Preview of ${r.filename}`} className="size-16 shrink-0 rounded sm:size-20" />
            )}
            <div className="min-w-0 flex-1">
              <div className="flex flex-wrap items-center gap-2">
                {/* The link covers the whole card (after:inset-0) so a click anywhere opens the media. */}
                <Link href={mediaHref(r.media_id)} className="font-medium break-all text-indigo-700 after:absolute after:inset-0 hover:underline focus-visible:outline-none">
                  {r.filename}
                </Link>
                <Badge>{r.media_type}</Badge>
                {r.space === "visual" && <Badge tone="violet">picture match</Badge>}
                <span className="ml-auto text-xs text-slate-600 tabular-nums">score {r.score.toFixed(3)}</span>
              </div>
              <p className="mt-1 text-xs text-slate-600">
                <span className="break-all">{r.collection}</span>
                {where && <> · {where}</>}
              </p>
              {r.space === "text" && r.highlight && (
                <p className="mt-1 text-sm break-words text-slate-800">
                  <Highlight value={r.highlight} />
                </p>
              )}
            </div>
          </li>
        );
      })}
    </ol>
  );
}
