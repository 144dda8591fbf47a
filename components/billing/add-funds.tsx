"use client";

import { useMutation } from "@tanstack/react-query";
import { useState, type FormEvent } from "react";
import { Button } from "@/components/ui/button";
import { Field } from "@/components/ui/field";
import { apiRequest } from "@/lib/console/api";
import { formatMicros } from "@/lib/console/format";

const PRESETS = [10, 25, 100];

/** Validates the amount the way the server will, then hands the person to Stripe Checkout. */
export function AddFunds({ minMicros, maxMicros }: { minMicros: number; maxMicros: number }) {
  const [amount, setAmount] = useState("25");
  const [error, setError] = useState<string | null>(null);
  const checkout = useMutation({
    mutationFn: (dollars: number) => apiRequest<{ id: string; url: string }>("/api/console/billing/checkout", { json: { amount: dollars } }),
    // Stripe's page lives on another origin: a plain navigation, not the router.
    onSuccess: (response) => window.location.assign(response.data.url),
  });

  function validate(raw: string): number | null {
    const dollars = Number(raw);
    if (!raw.trim() || !Number.isFinite(dollars)) return setError("Enter an amount in dollars."), null;
    if (Math.round(dollars * 100) !== dollars * 100) return setError("Use whole cents, e.g. 25 or 25.50."), null;
    if (dollars * 1_000_000 < minMicros) return setError(`The minimum top-up is ${formatMicros(minMicros)}.`), null;
    if (dollars * 1_000_000 > maxMicros) return setError(`The maximum top-up is ${formatMicros(maxMicros)}.`), null;
    setError(null);
    return dollars;
  }

  function submit(event: FormEvent) {
    event.preventDefault();
    const dollars = validate(amount);
    if (dollars !== null) checkout.mutate(dollars);
  }

  return (
    <form onSubmit={submit} noValidate className="space-y-3">
      <div className="flex flex-wrap gap-2" role="group" aria-label="Preset amounts">
        {PRESETS.map((preset) => (
          <Button key={preset} variant={Number(amount) === preset ? "primary" : "secondary"} size="sm" onClick={() => setAmount(String(preset))} aria-pressed={Number(amount) === preset}>
            ${preset}
          </Button>
        ))}
      </div>
      <div className="flex flex-wrap items-start gap-3">
        <div className="w-40">
          <Field label="Amount (USD)" name="amount" inputMode="decimal" value={amount} onChange={(e) => setAmount(e.target.value)} error={error} />
        </div>
        <Button type="submit" busy={checkout.isPending} className="sm:mt-6">
          Continue to payment
        </Button>
      </div>
      {checkout.isError ? (
        <p role="alert" className="text-sm text-red-700">
          {checkout.error.message}
        </p>
      ) : null}
      <p className="text-xs text-slate-500">Payments are handled by Stripe Checkout. Minimum {formatMicros(minMicros)}.</p>
    </form>
  );
}
