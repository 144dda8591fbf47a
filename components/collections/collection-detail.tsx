"use client";

import { useInfiniteQuery, useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { useState } from "react";
import { DeleteMediaDialog } from "@/components/media/delete-media-dialog";
import { Badge } from "@/components/ui/badge";
import { Button, ButtonLink } from "@/components/ui/button";
import { PageHeader, Stat } from "@/components/ui/card";
import { EmptyState, ErrorState, LoadingRows } from "@/components/ui/states";
import { Table, td } from "@/components/ui/table";
import { formatBytes, formatDateTime } from "@/lib/console/format";
import { collectionMediaQuery, collectionsQuery } from "@/lib/console/queries";
import type { MediaSummary } from "@/lib/media/schemas";
import { mediaHref } from "./collection-paths";
import { DeleteCollectionDialog } from "./delete-collection-dialog";

export function CollectionDetail({ name }: { name: string }) {
  const collections = useQuery(collectionsQuery());
  const summary = collections.data?.find((c) => c.collection_id === name);
  const media = useInfiniteQuery(collectionMediaQuery(name));
  const [deleting, setDeleting] = useState<MediaSummary | null>(null);
  const [deletingCollection, setDeletingCollection] = useState(false);
  const rows = media.data?.pages.flatMap((p) => p.media) ?? [];
  const total = media.data?.pages[0]?.pagination.total_items ?? 0;

  return (
    <>
      <p className="mb-2 text-sm">
        <Link href="/collections" className="text-indigo-700 hover:underline">
          ← Collections
        </Link>
      </p>
      <PageHeader
        title={name}
        description="Media in this collection, newest first."
        actions={
          summary ? (
            <Button variant="danger" onClick={() => setDeletingCollection(true)}>
              Delete collection
            </Button>
          ) : undefined
        }
      />
      {summary && (
        <dl className="mb-6 grid grid-cols-2 gap-3 sm:grid-cols-3">
          <Stat label="Ready items" value={summary.item_count.toLocaleString("en-US")} />
          <Stat label="Chunks" value={summary.chunk_count.toLocaleString("en-US")} />
          <Stat label="Created" value={<span className="block text-sm leading-5 font-medium">{formatDateTime(summary.created_at)}</span>} />
        </dl>
      )}
      {media.isPending ? (
        <LoadingRows label="Loading media" />
      ) : media.error ? (
        <ErrorState error={media.error} retry={() => void media.refetch()} />
      ) : rows.length === 0 ? (
        <EmptyState title="No media in this collection" action={<ButtonLink href="/upload">Upload files</ButtonLink>}>
          {collections.data && !summary ? "This collection does not exist (any more)." : "Files uploaded into it appear here."}
        </EmptyState>
      ) : (
        <>
          <Table
            caption={`Media in ${name}`}
            columns={["File", "Type", { label: "Size", numeric: true }, { label: "Chunks", numeric: true }, "Created", { label: "Actions", srOnly: true, sticky: true }]}
          >
            {rows.map((m) => (
              <tr key={m.media_id}>
                <td className={`${td} min-w-40`}>
                  <Link href={mediaHref(m.media_id)} className="font-medium break-words text-indigo-700 hover:underline">
                    {m.filename}
                  </Link>
                  {m.status === "pending" && (
                    <span className="ml-2">
                      <Badge tone="amber">processing</Badge>
                    </span>
                  )}
                </td>
                <td className={td}>
                  <Badge>{m.media_type}</Badge>
                </td>
                <td className={`${td} text-right whitespace-nowrap tabular-nums`}>{formatBytes(m.size_bytes)}</td>
                <td className={`${td} text-right tabular-nums`}>{m.chunk_count}</td>
                <td className={`${td} whitespace-nowrap`}>{formatDateTime(m.created_at)}</td>
                <td className={`${td} sticky right-0 bg-white text-right`}>
                  <Button variant="ghost" size="sm" onClick={() => setDeleting(m)} aria-label={`Delete ${m.filename}`}>
                    Delete
                  </Button>
                </td>
              </tr>
            ))}
          </Table>
          <div className="mt-4 flex flex-wrap items-center gap-3 text-sm text-slate-600">
            <span>
              Showing {rows.length} of {total}
            </span>
            {media.hasNextPage && (
              <Button variant="secondary" size="sm" busy={media.isFetchingNextPage} onClick={() => void media.fetchNextPage()}>
                Load more
              </Button>
            )}
          </div>
        </>
      )}
      {/* Mounted only while open: ConfirmDialog's heading id is fixed, so two at once would share it. */}
      {deleting && <DeleteMediaDialog media={deleting} onClose={() => setDeleting(null)} onDeleted={() => setDeleting(null)} />}
      {summary && deletingCollection && <DeleteCollectionDialog name={name} itemCount={summary.item_count} open={deletingCollection} onClose={() => setDeletingCollection(false)} />}
    </>
  );
}
