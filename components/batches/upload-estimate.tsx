"use client";

import Link from "next/link";
import { useQuery } from "@tanstack/react-query";
import { Alert } from "@/components/ui/states";
import { dollarsToMicros, estimateCost } from "@/lib/billing/pricing";
import { ITEM_PRICE_MICROS, type MediaCategory } from "@/lib/constants";
import { formatMicros } from "@/lib/console/format";
import { balanceQuery } from "@/lib/console/queries";

/** The price the API will charge at most, beside the balance: the server decides (duplicates are free). */
export function UploadEstimate({ categories }: { categories: MediaCategory[] }) {
  const balance = useQuery(balanceQuery());
  const estimate = estimateCost(categories).totalMicros;
  const balanceMicros = balance.data ? dollarsToMicros(balance.data.balance) : null;
  return (
    <div className="space-y-3">
      <dl className="grid grid-cols-2 gap-3">
        <div className="rounded-md bg-slate-50 p-3">
          <dt className="text-xs text-slate-600">Estimate</dt>
          <dd className="text-lg font-semibold tabular-nums text-slate-900" data-testid="estimate">
            {formatMicros(estimate)}
          </dd>
          <dd className="text-xs text-slate-600">
            {categories.length} × {formatMicros(ITEM_PRICE_MICROS)} per file
          </dd>
        </div>
        <div className="rounded-md bg-slate-50 p-3">
          <dt className="text-xs text-slate-600">Balance</dt>
          <dd className="text-lg font-semibold tabular-nums text-slate-900" data-testid="balance">
            {balanceMicros === null ? (balance.isError ? "unavailable" : "…") : formatMicros(balanceMicros)}
          </dd>
          <dd className="text-xs text-slate-600">
            <Link href="/billing" className="text-indigo-700 underline hover:text-indigo-900">
              Add funds
            </Link>
          </dd>
        </div>
      </dl>
      <p className="text-xs text-slate-600">
        An estimate: files already in the collection are not charged, and a file that fails to process is refunded. The server charges the final amount when the batch is
        created.
      </p>
      {balanceMicros !== null && estimate > balanceMicros ? (
        <Alert tone="warning" title="The estimate exceeds your balance">
          {formatMicros(estimate)} is more than your balance of {formatMicros(balanceMicros)}. Unless some files are duplicates, the upload will be refused:{" "}
          <Link href="/billing" className="underline">
            add funds
          </Link>{" "}
          or remove files.
        </Alert>
      ) : null}
    </div>
  );
}
