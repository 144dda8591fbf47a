"use client";

import { useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { Card, PageHeader, Stat } from "@/components/ui/card";
import { ErrorState, LoadingRows, Spinner } from "@/components/ui/states";
import { formatDollars, formatMicros } from "@/lib/console/format";
import { balanceQuery, recentBatchesQuery } from "@/lib/console/queries";
import { GetStartedCard } from "./get-started-card";
import { RecentBatches } from "./recent-batches";
import { UsageCard, useMonthlyUsage } from "./usage-card";

export function OverviewView({ origin }: { origin: string }) {
  const balance = useQuery(balanceQuery());
  const batches = useQuery({ ...recentBatchesQuery(), select: (page) => page.batches });
  const usage = useMonthlyUsage();
  const pending = <Spinner label="Loading" />;

  return (
    <>
      <PageHeader title="Overview" description="Balance, this month's processing and recent batches." />
      <div className="space-y-6">
        {balance.isError ? <ErrorState error={balance.error} retry={() => balance.refetch()} /> : null}
        <dl className="grid grid-cols-1 gap-4 sm:grid-cols-3">
          <Stat
            label="Balance"
            value={balance.isSuccess ? formatDollars(balance.data.balance) : balance.isError ? "—" : pending}
            hint={
              <Link href="/billing" className="font-medium text-indigo-700 underline">
                Add funds
              </Link>
            }
          />
          <Stat label="Files processed this month" value={usage.isSuccess ? usage.data.totals.files_processed : usage.isError ? "—" : pending} />
          <Stat label="Spent this month" value={usage.isSuccess ? formatMicros(usage.data.totals.spend_micros) : usage.isError ? "—" : pending} hint="Charges minus refunds" />
        </dl>
        {batches.isSuccess && batches.data.length === 0 ? <GetStartedCard origin={origin} /> : null}
        <UsageCard />
        {batches.isPending ? (
          <Card title="Recent batches">
            <LoadingRows label="Loading recent batches" />
          </Card>
        ) : batches.isError ? (
          <Card title="Recent batches">
            <ErrorState error={batches.error} retry={() => batches.refetch()} />
          </Card>
        ) : batches.data.length > 0 ? (
          <RecentBatches batches={batches.data} />
        ) : null}
      </div>
    </>
  );
}
