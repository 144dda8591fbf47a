import { expect, test } from "@playwright/test";
import { PASSWORD, screenshot, signIn, signUp, uniqueEmail } from "./helpers";

test("a visitor is sent to sign in, signs up, signs out and signs in again", async ({ page }) => {
  await page.goto("/");
  await expect(page).toHaveURL(/\/sign-in/);
  await screenshot(page, "sign-in");

  await page.goto("/sign-up");
  await page.getByRole("button", { name: "Create account" }).click();
  // The form validates before it submits: every field says what is missing.
  await expect(page.getByText("Enter your name.")).toBeVisible();
  await expect(page.getByText("Use at least 10 characters.")).toBeVisible();
  await screenshot(page, "sign-up-errors");

  const email = uniqueEmail("owner");
  await signUp(page, { email });
  await expect(page.getByText("Acme Research · owner").first()).toBeAttached();

  await page.getByRole("button", { name: "Sign out" }).first().click();
  await expect(page).toHaveURL(/\/sign-in/);
  await page.goto("/");
  await expect(page).toHaveURL(/\/sign-in/);

  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill(`${PASSWORD}!`);
  await page.getByRole("button", { name: "Sign in", exact: true }).click();
  await expect(page.getByRole("alert").filter({ hasText: "Wrong email or password." })).toBeVisible();

  await signIn(page, { email });
});

test("signing up twice with one email is refused with a clear message", async ({ page }) => {
  const email = uniqueEmail("twice");
  await signUp(page, { email });
  await page.context().clearCookies();
  await page.goto("/sign-up");
  await page.getByLabel("Your name").fill("Someone Else");
  await page.getByLabel("Email").fill(email.toUpperCase());
  await page.getByLabel("Password").fill(PASSWORD);
  await page.getByLabel("Account name").fill("Other Co");
  await page.getByRole("button", { name: "Create account" }).click();
  await expect(page.getByRole("alert").filter({ hasText: "already uses this email" })).toBeVisible();
});

test("the session cookie alone cannot call the API: the console header is required", async ({ page }) => {
  await signUp(page, { email: uniqueEmail("csrf") });
  const withoutHeader = await page.request.get("/v1/balance");
  expect(withoutHeader.status()).toBe(401);
  const withHeader = await page.request.get("/v1/balance", { headers: { "x-tessera-console": "1" } });
  expect(withHeader.status()).toBe(200);
  expect((await withHeader.json()).data.balance).toBe(0);
});
