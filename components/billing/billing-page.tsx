"use client";

import { useQuery, useQueryClient } from "@tanstack/react-query";
import { useEffect } from "react";
import { Card, PageHeader, Stat } from "@/components/ui/card";
import { Alert } from "@/components/ui/states";
import { formatDollars, formatMicros } from "@/lib/console/format";
import { balanceQuery, invalidateAfter } from "@/lib/console/queries";
import { ITEM_PRICE_MICROS } from "@/lib/constants";
import { AddFunds } from "./add-funds";
import { LedgerTable } from "./ledger-table";

export function BillingPage({ email, stripeEnabled, minMicros, maxMicros, checkout }: { email: string; stripeEnabled: boolean; minMicros: number; maxMicros: number; checkout?: string }) {
  const queryClient = useQueryClient();
  const returnedFromCheckout = checkout === "success";
  const balance = useQuery({
    ...balanceQuery(),
    // After Stripe sends the person back, the webhook may land a moment later: keep looking for a while.
    refetchInterval: returnedFromCheckout ? 2_000 : false,
  });
  useEffect(() => {
    if (returnedFromCheckout) void invalidateAfter.balanceMoved(queryClient);
  }, [returnedFromCheckout, balance.data?.balance, queryClient]);

  return (
    <>
      <PageHeader title="Billing" description={`Prepaid: ${formatMicros(ITEM_PRICE_MICROS)} per processed file. Duplicates are free; failed and cancelled files are refunded.`} />
      {returnedFromCheckout ? (
        <div className="mb-4">
          <Alert tone="success" title="Payment received">
            Your balance goes up as soon as Stripe confirms the payment, usually within seconds.
          </Alert>
        </div>
      ) : null}
      {checkout === "cancelled" ? (
        <div className="mb-4">
          <Alert tone="info">The payment was cancelled: nothing was charged.</Alert>
        </div>
      ) : null}
      <div className="grid gap-4 md:grid-cols-3">
        <dl className="md:col-span-1">
          <Stat label="Balance" value={balance.isPending ? "…" : balance.isError ? "unavailable" : formatDollars(balance.data.balance)} hint={balance.isError ? balance.error.message : "USD, prepaid"} />
        </dl>
        <Card title="Add funds" className="md:col-span-2">
          {stripeEnabled ? (
            <AddFunds minMicros={minMicros} maxMicros={maxMicros} />
          ) : (
            <div className="space-y-2 text-sm text-slate-700">
              <p>Card payments are not set up on this Tessera (no Stripe keys are configured).</p>
              <p>An operator can add credit from the server:</p>
              <pre className="overflow-x-auto rounded bg-slate-900 p-3 text-xs text-slate-100">
                <code>npm run admin -- grant-credit --email {email} --amount 25</code>
              </pre>
              <p className="text-slate-600">Operators: set STRIPE_SECRET_KEY and STRIPE_WEBHOOK_SECRET to turn on top-ups (see README).</p>
            </div>
          )}
        </Card>
      </div>
      <div className="mt-6">
        <LedgerTable />
      </div>
    </>
  );
}
