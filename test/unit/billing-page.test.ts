import { createElement } from "react";
import { renderToString } from "react-dom/server";
import { describe, expect, it } from "vitest";
import { BillingPage } from "@/components/billing/billing-page";
import { Providers } from "@/components/console/providers";

const render = (stripeEnabled: boolean) =>
  // React marks the seams between text parts with empty comments; the reader sees none.
  renderToString(createElement(Providers, null, createElement(BillingPage, { email: "ops@example.test", stripeEnabled, minMicros: 10_000_000, maxMicros: 10_000_000_000 }))).replace(/<!-- -->/g, "");

describe("the Billing page", () => {
  it("without Stripe keys says so and shows the operator's grant command for this user", () => {
    const html = render(false);
    expect(html).toContain("Card payments are not set up on this Tessera");
    expect(html).toContain("npm run admin -- grant-credit --email ops@example.test --amount 25");
    expect(html).not.toContain("Continue to payment");
  });

  it("with Stripe keys offers Add funds with the $10 minimum", () => {
    const html = render(true);
    expect(html).toContain("Continue to payment");
    expect(html).toContain("Minimum $10.00");
    expect(html).not.toContain("Card payments are not set up");
  });
});
