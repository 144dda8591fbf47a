import Link from "next/link";
import { StatusBadge } from "@/components/ui/badge";
import { Table, td, th } from "@/components/ui/table";
import { formatBytes } from "@/lib/console/format";
import type { BatchResultItem } from "./types";

/** One row per file: what happened to it, and where its media lives once it succeeded. */
export function BatchItems({ items }: { items: BatchResultItem[] }) {
  return (
    <Table
      caption="Files in this batch"
      head={
        <tr>
          <th className={th}>File</th>
          <th className={th}>Type</th>
          <th className={th}>Size</th>
          <th className={th}>Status</th>
          <th className={th}>Chunks / vectors</th>
          <th className={th}>Error</th>
        </tr>
      }
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
          </td>
          <td className={td}>{item.media_type === "model3d" ? "3D model" : item.media_type}</td>
          <td className={`${td} whitespace-nowrap tabular-nums`}>{formatBytes(item.size_bytes)}</td>
          <td className={td}>
            <StatusBadge status={item.status} />
          </td>
          <td className={`${td} tabular-nums`} data-testid="item-vectors">
            {item.chunks_written} / {item.vectors_written}
          </td>
          <td className={`${td} min-w-[12rem] text-sm`}>
            {item.error ? (
              <>
                <code className="text-xs text-red-800">{item.error.code}</code>
                {item.error.message ? <p className="text-slate-700">{item.error.message}</p> : null}
              </>
            ) : (
              <span className="text-slate-400">—</span>
            )}
          </td>
        </tr>
      ))}
    </Table>
  );
}
