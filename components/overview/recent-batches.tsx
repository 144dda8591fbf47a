import Link from "next/link";
import { StatusBadge } from "@/components/ui/badge";
import { ButtonLink } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { Table, td } from "@/components/ui/table";
import { formatDollars, timeAgo } from "@/lib/console/format";
import type { BatchSummary } from "@/lib/console/queries";

export function RecentBatches({ batches }: { batches: BatchSummary[] }) {
  return (
    <Card
      title="Recent batches"
      actions={
        <ButtonLink href="/batches" variant="ghost" size="sm">
          All batches
        </ButtonLink>
      }
    >
      <Table
        caption="The five most recent batches"
        columns={["Batch", "Status", "Collection", { label: "Files", numeric: true }, { label: "Net cost", numeric: true }, "Created"]}
      >
        {batches.map((batch) => (
          <tr key={batch.batch_id}>
            <td className={td}>
              <Link href={`/batches/${encodeURIComponent(batch.batch_id)}`} className="font-medium text-indigo-700 underline-offset-2 hover:underline focus-visible:outline-2 focus-visible:outline-indigo-600">
                {batch.name || batch.batch_id}
              </Link>
            </td>
            <td className={td}>
              <StatusBadge status={batch.status} />
            </td>
            <td className={`${td} break-all`}>{batch.collection}</td>
            <td className={`${td} text-right tabular-nums`}>{batch.total_items}</td>
            <td className={`${td} text-right tabular-nums`}>{formatDollars(batch.cost.net)}</td>
            <td className={`${td} whitespace-nowrap`}>{timeAgo(batch.created_at)}</td>
          </tr>
        ))}
      </Table>
    </Card>
  );
}
