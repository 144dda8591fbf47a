"use client";

import Link from "next/link";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useEffect, useState } from "react";
import { Button, ButtonLink } from "@/components/ui/button";
import { collectionHref } from "@/components/collections/collection-paths";
import { StatusBadge } from "@/components/ui/badge";
import { Card, PageHeader, Stat } from "@/components/ui/card";
import { ConfirmDialog } from "@/components/ui/confirm-dialog";
import { EmptyState, ErrorState, LoadingRows } from "@/components/ui/states";
import { ApiError, apiRequest } from "@/lib/console/api";
import { formatDateTime, formatDollars, formatSeconds } from "@/lib/console/format";
import { batchQuery, batchResultsQuery, invalidateAfter } from "@/lib/console/queries";
import { BatchItems } from "./batch-items";
import { isFinished, type BatchCancelled } from "./types";

/** Live while the batch runs: both queries poll until it reaches a final status. */
const POLL_MS = 1_500;

export function BatchDetail({ batchId }: { batchId: string }) {
  const queryClient = useQueryClient();
  const path = `/v1/batches/${encodeURIComponent(batchId)}`;
  const status = useQuery({
    ...batchQuery(batchId),
    refetchInterval: (query) => (query.state.data && isFinished(query.state.data.status) ? false : POLL_MS),
  });
  const finished = status.data ? isFinished(status.data.status) : false;
  const results = useQuery({
    ...batchResultsQuery(batchId),
    enabled: status.isSuccess,
    refetchInterval: finished ? false : POLL_MS,
  });
  const refetchResults = results.refetch;
  useEffect(() => {
    // One last read once the batch ends, so the items show their final state; refunds change the balance.
    if (!finished) return;
    void refetchResults();
    void invalidateAfter.batchFinished(queryClient);
  }, [finished, refetchResults, queryClient]);

  const [confirming, setConfirming] = useState(false);
  const cancel = useMutation({
    mutationFn: () => apiRequest<BatchCancelled>(`${path}/state`, { method: "PUT", json: { state: "cancelled" } }),
    onSuccess: async () => {
      setConfirming(false);
      await invalidateAfter.batchCancelled(queryClient, batchId);
    },
  });

  if (status.isPending) return <LoadingRows rows={6} label="Loading batch" />;
  if (status.isError) {
    if (status.error instanceof ApiError && status.error.status === 404) {
      return (
        <>
          <PageHeader title="Batch not found" />
          <EmptyState title="There is no batch with this id in your account" action={<ButtonLink href="/batches" variant="secondary">All batches</ButtonLink>}>
            <span className="break-all font-mono">{batchId}</span>
          </EmptyState>
        </>
      );
    }
    return <ErrorState error={status.error} retry={() => status.refetch()} />;
  }

  const b = status.data;
  const c = b.counts;
  return (
    <div className="space-y-6">
      <Link href="/batches" className="-mb-4 inline-block text-sm text-indigo-700 underline-offset-2 hover:underline">
        ← All batches
      </Link>
      <PageHeader
        title={b.name ?? "Batch"}
        description={
          <span className="flex flex-wrap items-center gap-2">
            <span data-testid="batch-status">
              <StatusBadge status={b.status} />
            </span>
            <span className="break-all font-mono text-xs">{b.batch_id}</span>
            <span className="break-all">
              Collection:{" "}
              <Link href={collectionHref(b.collection)} className="text-indigo-700 underline">
                {b.collection}
              </Link>
            </span>
          </span>
        }
        actions={
          // A finished batch has nothing left to cancel: no button rather than a dead one.
          finished ? undefined : (
            <Button variant="danger" onClick={() => setConfirming(true)} disabled={b.cancelled_at !== null}>
              {b.cancelled_at ? "Cancelling…" : "Cancel batch"}
            </Button>
          )
        }
      />

      <Card title="Progress">
        <div className="space-y-3">
          <div className="flex flex-wrap items-baseline justify-between gap-2 text-sm">
            <span id="batch-progress-label" className="font-medium text-slate-900">
              {b.progress.completed} of {b.progress.total} files done
            </span>
            <span className="text-slate-600">
              {finished ? `Finished ${formatDateTime(b.completed_at ?? b.cancelled_at)}` : "Updating live"} · {formatSeconds(b.timing.elapsed_seconds)} elapsed
              {!finished && b.timing.estimated_completion ? ` · estimated done ${formatDateTime(b.timing.estimated_completion)}` : ""}
            </span>
          </div>
          <div role="progressbar" aria-labelledby="batch-progress-label" aria-valuemin={0} aria-valuemax={100} aria-valuenow={b.progress.percentage} className="h-2.5 rounded-full bg-slate-100">
            <div className="h-2.5 rounded-full bg-indigo-600 transition-[width]" style={{ width: `${b.progress.percentage}%` }} />
          </div>
          <dl className="flex flex-wrap gap-x-5 gap-y-1 text-sm text-slate-700">
            {(
              [
                ["Succeeded", c.succeeded],
                ["Failed", c.failed],
                ["Duplicates", c.skipped_duplicate],
                ["Cancelled", c.cancelled],
                ["Processing", c.processing],
                ["Queued", c.queued],
              ] as const
            ).map(([label, n]) => (
              <div key={label} className="flex gap-1">
                <dt>{label}</dt>
                <dd className="font-semibold tabular-nums text-slate-900">{n}</dd>
              </div>
            ))}
          </dl>
        </div>
      </Card>

      <dl className="grid gap-3 sm:grid-cols-3">
        <Stat label="Charged" value={<span data-testid="charged">{formatDollars(b.cost.charged)}</span>} />
        <Stat label="Refunded" value={<span data-testid="refunded">{formatDollars(b.cost.refunded)}</span>} hint="Cancelled and failed files are refunded" />
        <Stat label="Net cost" value={<span data-testid="net">{formatDollars(b.cost.net)}</span>} />
      </dl>

      <section aria-labelledby="items-heading" className="space-y-2">
        <h2 id="items-heading" className="text-sm font-semibold text-slate-900">
          Files
        </h2>
        {results.isPending ? (
          <LoadingRows rows={3} label="Loading files" />
        ) : results.isError ? (
          <ErrorState error={results.error} retry={() => results.refetch()} />
        ) : (
          <BatchItems items={results.data.items} />
        )}
      </section>

      <ConfirmDialog
        open={confirming}
        title="Cancel this batch?"
        confirmLabel="Cancel batch"
        busy={cancel.isPending}
        error={cancel.error?.message ?? null}
        onConfirm={() => cancel.mutate()}
        onCancel={() => {
          cancel.reset();
          setConfirming(false);
        }}
      >
        Files still queued are cancelled and refunded. Files already processing finish and are charged.
      </ConfirmDialog>
    </div>
  );
}
