"use client";

import { useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { ButtonLink } from "@/components/ui/button";
import { EmptyState, ErrorState, LoadingRows } from "@/components/ui/states";
import { Table, td } from "@/components/ui/table";
import { formatDateTime } from "@/lib/console/format";
import { collectionsQuery } from "@/lib/console/queries";
import { collectionHref } from "./collection-paths";

export function CollectionList() {
  const { data, error, isPending, refetch } = useQuery(collectionsQuery());
  if (isPending) return <LoadingRows label="Loading collections" />;
  if (error) return <ErrorState error={error} retry={() => void refetch()} />;
  if (data.length === 0) {
    return (
      <EmptyState title="No collections yet" action={<ButtonLink href="/upload">Upload files</ButtonLink>}>
        A collection appears here once files uploaded into it have been processed.
      </EmptyState>
    );
  }
  return (
    <Table
      caption="Collections"
      columns={["Name", { label: "Items", numeric: true }, { label: "Chunks", numeric: true }, "Created"]}
    >
      {data.map((c) => (
        <tr key={c.collection_id}>
          <td className={`${td} min-w-40`}>
            <Link href={collectionHref(c.collection_id)} className="font-medium break-words text-indigo-700 hover:underline focus-visible:outline-2 focus-visible:outline-indigo-600">
              {c.collection_id}
            </Link>
          </td>
          <td className={`${td} text-right tabular-nums`}>{c.item_count.toLocaleString("en-US")}</td>
          <td className={`${td} text-right tabular-nums`}>{c.chunk_count.toLocaleString("en-US")}</td>
          <td className={`${td} whitespace-nowrap`}>{formatDateTime(c.created_at)}</td>
        </tr>
      ))}
    </Table>
  );
}
