import { expect, test, type Page } from "./fixtures";
import { decode, encode } from "next-auth/jwt";
import { DEFAULT_SESSION_MAX_AGE_SECONDS } from "../../lib/constants";
import { CONSOLE, forgetSession, PASSWORD, screenshot, signIn, signUp, uniqueEmail } from "./helpers";

/** next-auth's cookie name on plain http (the tests' origin); it is also the token's salt. */
const SESSION_COOKIE = "authjs.session-token";

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

test("signing up twice with one email is refused with a clear message", async ({ page, pageErrors }) => {
  // The second sign-up is refused by the server, which the browser logs.
  pageErrors.allowConsoleError(/status of 400 .*\/api\/console\/sign-up$/);
  const email = uniqueEmail("twice");
  await signUp(page, { email });
  await forgetSession(page);
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
  const withHeader = await page.request.get("/v1/balance", { headers: CONSOLE });
  expect(withHeader.status()).toBe(200);
  expect((await withHeader.json()).data.balance).toBe(0);
});

/**
 * Rewrites the browser's session cookie as if its sign-in had happened `ageSeconds` ago,
 * signed with the server's AUTH_SECRET the way next-auth signs it.
 */
async function ageSession(page: Page, ageSeconds: number): Promise<void> {
  const cookies = await page.context().cookies();
  const cookie = cookies.find((c) => c.name === SESSION_COOKIE);
  expect(cookie, "the session cookie").toBeDefined();
  const secret = process.env.AUTH_SECRET!;
  const token = await decode({ token: cookie!.value, secret, salt: SESSION_COOKIE });
  expect(token?.signedInAt).toEqual(expect.any(Number));
  const aged = await encode({ token: { ...token, signedInAt: Math.floor(Date.now() / 1000) - ageSeconds }, secret, salt: SESSION_COOKIE });
  await page.context().addCookies([{ ...cookie!, value: aged }]);
}

test("a session ends its fixed time after sign-in however active; the page asks to sign in again and returns", async ({ page, pageErrors }) => {
  // The expired session's requests answer 401 (that is how the page learns it ended).
  pageErrors.allowConsoleError(/status of 401 .*\/(api\/console|v1)\//);
  const maxAge = Number(process.env.SESSION_MAX_AGE_SECONDS ?? DEFAULT_SESSION_MAX_AGE_SECONDS);
  const email = uniqueEmail("expiry");
  await signUp(page, { email });

  // Five minutes before the end the rewritten cookie is honoured: the forging itself is sound.
  await ageSession(page, maxAge - 300);
  await page.goto("/keys");
  await expect(page.getByRole("heading", { level: 1, name: "API keys" })).toBeVisible();

  // At the end, the next request from the open page is refused and the page sends the person to sign in.
  // That request is the click's, unless one the page makes by itself comes first (a sidebar link
  // under the resting pointer prefetches its page's data): either way the person lands on sign-in.
  await ageSession(page, maxAge);
  const sentToSignIn = page.waitForURL(/\/sign-in\?expired=1&callbackUrl=%2Fkeys/);
  const createKey = async () => {
    await page.getByLabel("Name", { exact: true }).fill("After expiry");
    await page.getByRole("button", { name: "Create key" }).click({ timeout: 5_000 });
  };
  const clicked = createKey().catch(async (error: unknown) => {
    // The page left before the click could land; that is the outcome under test, not a failure.
    await sentToSignIn;
    if (!new URL(page.url()).pathname.startsWith("/sign-in")) throw error;
  });
  await Promise.all([sentToSignIn, clicked]);
  await expect(page.getByText("Your session ended. Sign in again to continue.")).toBeVisible();
  await screenshot(page, "sign-in-expired");

  // Nothing was created with the ended session, and a plain visit is refused too.
  expect((await page.request.get("/api/console/keys", { headers: CONSOLE })).status()).toBe(401);
  await page.goto("/");
  await expect(page).toHaveURL(/\/sign-in/);

  await page.goto("/sign-in?expired=1&callbackUrl=%2Fkeys");
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill(PASSWORD);
  await page.getByRole("button", { name: "Sign in", exact: true }).click();
  await expect(page).toHaveURL(/\/keys$/);
  await expect(page.getByText("No API keys yet")).toBeVisible();
});
