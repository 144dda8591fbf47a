"use client";

import Link from "next/link";
import { usePathname, useRouter, useSearchParams } from "next/navigation";
import { useQuery } from "@tanstack/react-query";
import { Button, ButtonLink } from "@/components/ui/button";
import { StatusBadge } from "@/components/ui/badge";
import { EmptyState, ErrorState, LoadingRows } from "@/components/ui/states";
import { Table, td, wideOnly } from "@/components/ui/table";
import { formatDateTime, formatDollars, timeAgo } from "@/lib/console/format";
import { batchListQuery } from "@/lib/console/queries";
import { BatchFilters, type BatchFilterValues } from "./batch-filters";

/** A local calendar day as the instant it starts, for the API's created_after/created_before. */
function startOfLocalDay(day: string, addDays = 0): string | null {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(day);
  if (!match) return null;
  return new Date(Number(match[1]), Number(match[2]) - 1, Number(match[3]) + addDays).toISOString();
}

/**
 * The URL holds the filters, the page size, the current cursor and the cursors of the pages
 * before it (`trail`), so a link reproduces the page and Back/Previous both work.
 */
export function BatchList() {
  const router = useRouter();
  const pathname = usePathname();
  const params = useSearchParams();
  const filters: BatchFilterValues = { status: params.get("status") ?? "", collection: params.get("collection") ?? "", from: params.get("from") ?? "", to: params.get("to") ?? "" };
  const cursor = params.get("cursor") ?? "";
  const trail = (params.get("trail") ?? "").split(",").filter(Boolean);
  const limit = params.get("limit") ?? "";

  const api = new URLSearchParams();
  if (filters.status) api.set("status", filters.status);
  if (filters.collection) api.set("collection", filters.collection);
  const after = filters.from ? startOfLocalDay(filters.from) : null;
  const before = filters.to ? startOfLocalDay(filters.to, 1) : null;
  if (after) api.set("created_after", after);
  if (before) api.set("created_before", before);
  if (limit) api.set("limit", limit);
  if (cursor) api.set("cursor", cursor);

  const batches = useQuery(batchListQuery(api));

  function go(next: Record<string, string | undefined>) {
    const url = new URLSearchParams();
    for (const [key, value] of Object.entries({ ...filters, limit, ...next })) if (value) url.set(key, value);
    router.push(url.size ? `${pathname}?${url}` : pathname);
  }

  const filtered = Boolean(filters.status || filters.collection || filters.from || filters.to);
  const rows = batches.data?.batches ?? [];
  const nextCursor = batches.data?.nextCursor;

  return (
    <div className="space-y-4">
      <BatchFilters key={params.toString()} initial={filters} onApply={(values) => go({ ...values, cursor: undefined, trail: undefined })} />
      {batches.isPending ? (
        <LoadingRows rows={5} label="Loading batches" />
      ) : batches.isError ? (
        <ErrorState error={batches.error} retry={() => batches.refetch()} />
      ) : rows.length === 0 ? (
        filtered || cursor ? (
          <EmptyState title="No batches match these filters" action={<ButtonLink href="/batches" variant="secondary">Clear filters</ButtonLink>} />
        ) : (
          <EmptyState title="No batches yet" action={<ButtonLink href="/upload">Upload files</ButtonLink>}>
            Each upload creates a batch; its progress and cost show here.
          </EmptyState>
        )
      ) : (
        <Table
          caption="Batches, newest first"
          columns={["Batch", { label: "Collection", wideOnly: true }, { label: "Status", wideOnly: true }, { label: "Items done", wideOnly: true }, { label: "Cost", wideOnly: true }, { label: "Created", wideOnly: true }]}
        >
          {rows.map((b) => (
            <tr key={b.batch_id} data-testid="batch-row">
              <td className={td}>
                <Link href={`/batches/${b.batch_id}`} className="font-medium text-indigo-700 underline-offset-2 hover:underline">
                  {b.name ?? b.batch_id}
                </Link>
                {b.name ? <p className="font-mono text-xs text-slate-500">{b.batch_id}</p> : null}
                {/* On a phone the other columns fold into this cell instead of scrolling out of sight. */}
                <div className="mt-1 space-y-1 text-xs text-slate-600 sm:hidden">
                  <p className="flex flex-wrap items-center gap-2">
                    <StatusBadge status={b.status} />
                    <span>
                      {b.completed_items} / {b.total_items} done · {formatDollars(b.cost.net)}
                    </span>
                  </p>
                  <p className="break-all">
                    {b.collection} · {timeAgo(b.created_at)}
                  </p>
                </div>
              </td>
              <td className={`${td} ${wideOnly} break-all`}>{b.collection}</td>
              <td className={`${td} ${wideOnly}`}>
                <StatusBadge status={b.status} />
              </td>
              <td className={`${td} ${wideOnly} tabular-nums`}>
                {b.completed_items} / {b.total_items}
              </td>
              <td className={`${td} ${wideOnly} whitespace-nowrap tabular-nums`}>
                {formatDollars(b.cost.net)}
                {b.cost.refunded > 0 ? <p className="text-xs text-slate-500">{formatDollars(b.cost.refunded)} refunded</p> : null}
              </td>
              <td className={`${td} ${wideOnly} whitespace-nowrap`}>
                <time dateTime={b.created_at} title={formatDateTime(b.created_at)}>
                  {timeAgo(b.created_at)}
                </time>
              </td>
            </tr>
          ))}
        </Table>
      )}
      {cursor || nextCursor ? (
        <nav aria-label="Pages" className="flex flex-wrap items-center justify-between gap-2">
          <Button
            variant="secondary"
            disabled={!cursor}
            onClick={() => go({ cursor: trail.at(-1), trail: trail.slice(0, -1).join(",") || undefined })}
          >
            Previous page
          </Button>
          <span className="text-sm text-slate-600">Page {trail.length + (cursor ? 2 : 1)}</span>
          <Button variant="secondary" disabled={!nextCursor} onClick={() => nextCursor && go({ cursor: nextCursor, trail: [...trail, ...(cursor ? [cursor] : [])].join(",") || undefined })}>
            Next page
          </Button>
        </nav>
      ) : null}
    </div>
  );
}
