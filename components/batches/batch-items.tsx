import Link from "next/link";
import { StatusBadge } from "@/components/ui/badge";
import { Table, td, wideOnly } from "@/components/ui/table";
import { formatBytes } from "@/lib/console/format";
import type { BatchResultItem } from "./types";

const typeLabel = (mediaType: string) => (mediaType === "model3d" ? "3D model" : mediaType);

function ItemError({ error }: { error: NonNullable<BatchResultItem["error"]> }) {
  return (
    <div>
      <code className="text-xs text-red-800">{error.code}</code>
      {error.message ? <p className="text-slate-700">{error.message}</p> : null}
    </div>
  );
}

/** One row per file: what happened to it, and where its media lives once it succeeded. */
export function BatchItems({ items }: { items: BatchResultItem[] }) {
  return (
    <Table
      caption="Files in this batch"
      columns={["File", { label: "Type", wideOnly: true }, { label: "Size", wideOnly: true }, { label: "Status", wideOnly: true }, { label: "Chunks / vectors", wideOnly: true }, { label: "Error", wideOnly: true }]}
    >
      {items.map((item) => (
        <tr key={item.item_id} data-testid="item-row">
          <td className={`${td} max-w-[16rem] break-words`}>
            {item.status === "succeeded" && item.media_id ? (
              <Link href={`/media/${item.media_id}`} className="font-medium text-indigo-700 underline-offset-2 hover:underline">
                {item.filename}
              </Link>
            ) : (
              <span className="font-medium text-slate-900">{item.filename}</span>
            )}
            {/* On a phone the other columns fold into this cell instead of scrolling out of sight. */}
            <div className="mt-1 space-y-1 text-xs text-slate-600 sm:hidden">
              <p className="flex flex-wrap items-center gap-2">
                <StatusBadge status={item.status} />
                <span>
                  {typeLabel(item.media_type)} · {formatBytes(item.size_bytes)} · {item.chunks_written} chunks / {item.vectors_written} vectors
                </span>
              </p>
              {item.error ? <ItemError error={item.error} /> : null}
            </div>
          </td>
          <td className={`${td} ${wideOnly}`}>{typeLabel(item.media_type)}</td>
          <td className={`${td} ${wideOnly} whitespace-nowrap tabular-nums`}>{formatBytes(item.size_bytes)}</td>
          <td className={`${td} ${wideOnly}`} data-testid="item-status">
            <StatusBadge status={item.status} />
          </td>
          <td className={`${td} ${wideOnly} tabular-nums`} data-testid="item-vectors">
            {item.chunks_written} / {item.vectors_written}
          </td>
          <td className={`${td} ${wideOnly} min-w-[12rem] text-sm`}>{item.error ? <ItemError error={item.error} /> : <span className="text-slate-400">—</span>}</td>
        </tr>
      ))}
    </Table>
  );
}
