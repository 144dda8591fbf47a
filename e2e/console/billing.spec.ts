import fs from "node:fs";
import { expect, test } from "./fixtures";
import { CONSOLE, grantCredit, screenshot, signUp, uniqueEmail } from "./helpers";

test("adds funds through Stripe Checkout: credited once by the signed webhook, shown in balance, ledger and CSV", async ({ page }) => {
  const email = uniqueEmail("billing");
  await signUp(page, { email });
  await page.goto("/billing");
  await expect(page.getByText("No entries yet")).toBeVisible();

  // Validation happens before anything is sent to Stripe.
  await page.getByLabel("Amount (USD)").fill("5");
  await page.getByRole("button", { name: "Continue to payment" }).click();
  await expect(page.getByText("The minimum top-up is $10.00.")).toBeVisible();
  await page.getByLabel("Amount (USD)").fill("12.345");
  await page.getByRole("button", { name: "Continue to payment" }).click();
  await expect(page.getByText("Use whole cents")).toBeVisible();
  await screenshot(page, "billing-validation");

  await page.getByRole("button", { name: "$25", exact: true }).click();
  await page.getByRole("button", { name: "Continue to payment" }).click();
  // The fake Stripe's hosted page: paying there sends a webhook signed with the real library.
  await expect(page).toHaveTitle(/Pay \$25\.00/);
  await screenshot(page, "stripe-checkout-fake");
  await page.getByRole("button", { name: "Pay $25.00" }).click();

  await expect(page).toHaveURL(/\/billing\?checkout=success/);
  await expect(page.getByText("Payment received")).toBeVisible();
  await expect(page.getByRole("definition").filter({ hasText: "$25.00" })).toBeVisible();
  const ledger = page.getByRole("table", { name: "Ledger entries, newest first" });
  await expect(ledger.getByRole("row")).toHaveCount(2);
  await expect(ledger).toContainText("topup");
  await expect(ledger).toContainText("+$25.00");
  await screenshot(page, "billing");

  // Reloading the success page (as a person might) credits nothing more.
  await page.reload();
  await expect(ledger.getByRole("row")).toHaveCount(2);
  const balance = await page.request.get("/v1/balance", { headers: CONSOLE });
  expect((await balance.json()).data.balance).toBe(25);

  // An operator's grant shows up as an adjustment.
  grantCredit({ email, dollars: 5 });
  await page.reload();
  await expect(ledger.getByRole("row")).toHaveCount(3);
  await expect(ledger).toContainText("adjustment");

  const downloadPromise = page.waitForEvent("download");
  await page.getByRole("button", { name: "Export CSV" }).click();
  const download = await downloadPromise;
  const csv = fs.readFileSync((await download.path())!, "utf8").trim().split("\r\n");
  expect(csv[0]).toBe("id,created_at,type,amount_usd,balance_after_usd,batch_id,item_id,description");
  expect(csv).toHaveLength(3);
  expect(csv.some((line) => line.includes(",topup,25.000000,25.000000,"))).toBe(true);
  expect(csv.some((line) => line.includes(",adjustment,5.000000,30.000000,"))).toBe(true);

  await page.setViewportSize({ width: 390, height: 844 });
  await screenshot(page, "billing-phone");
});

test("cancelling at Stripe charges nothing", async ({ page }) => {
  await signUp(page, { email: uniqueEmail("cancel") });
  await page.goto("/billing");
  await page.getByRole("button", { name: "Continue to payment" }).click();
  await page.getByRole("link", { name: "Cancel" }).click();
  await expect(page).toHaveURL(/\/billing\?checkout=cancelled/);
  await expect(page.getByText("The payment was cancelled: nothing was charged.")).toBeVisible();
  await expect(page.getByText("No entries yet")).toBeVisible();
});
