import type { Metadata } from "next";
import { BillingPage } from "@/components/billing/billing-page";
import { getConsoleUser } from "@/lib/auth/console-user";
import { isStripeConfigured } from "@/lib/billing/stripe/stripe-client";
import { TOPUP_MIN_MICROS, TOPUP_MAX_MICROS } from "@/lib/constants";

export const metadata: Metadata = { title: "Billing · Tessera" };
export const dynamic = "force-dynamic";

export default async function Page({ searchParams }: { searchParams: Promise<{ checkout?: string }> }) {
  const { checkout } = await searchParams;
  const user = await getConsoleUser();
  return <BillingPage email={user?.email ?? "you@example.com"} stripeEnabled={isStripeConfigured()} minMicros={TOPUP_MIN_MICROS} maxMicros={TOPUP_MAX_MICROS} checkout={checkout} />;
}
