import { expect, test } from "./fixtures";
import { CONSOLE, PASSWORD, screenshot, signUp, uniqueEmail } from "./helpers";


test("an owner invites an admin, who joins the same account, cannot invite, and is removed", async ({ page, browser, pageErrors }) => {
  // An invitation the server refuses (an address that already belongs to a user) answers 400.
  pageErrors.allowConsoleError(/status of 400 .*\/api\/console\/invitations$/);
  const ownerEmail = uniqueEmail("team-owner");
  await signUp(page, { email: ownerEmail, name: "Olive Owner", accountName: "Team Co" });
  await page.goto("/team");
  const members = page.getByRole("table", { name: "Members of the account" });
  await expect(members).toContainText(ownerEmail);
  await expect(members).toContainText("owner");
  await expect(page.getByText("Tessera does not send email")).toBeVisible();
  await expect(page.getByText("No open invitations")).toBeVisible();

  const email = page.getByLabel("Email", { exact: true });
  const invite = page.getByRole("button", { name: "Create invitation link" });
  await email.fill("not-an-email");
  await invite.click();
  await expect(page.getByText("Enter a valid email address.")).toBeVisible();
  await email.fill(ownerEmail);
  await invite.click();
  await expect(page.getByText("This email already belongs to a Tessera user.")).toBeVisible();

  const adminEmail = uniqueEmail("team-admin");
  await email.fill(adminEmail);
  await invite.click();
  const linkText = page.getByTestId("invitation-link");
  await expect(linkText).toBeVisible();
  const link = (await linkText.textContent())!.trim();
  expect(link).toMatch(/^https?:\/\/[^/]+\/invite\/[A-Za-z0-9]+$/);
  await expect(page.getByText("No email was sent.")).toBeVisible();
  await expect(page.getByRole("table", { name: "Open invitations" })).toContainText(adminEmail);
  await screenshot(page, "team-owner");
  await page.setViewportSize({ width: 390, height: 844 });
  await screenshot(page, "team-owner-phone");
  await page.setViewportSize({ width: 1280, height: 720 });

  const origin = new URL(link).origin;
  const adminContext = await browser.newContext({ baseURL: origin });
  const adminPage = await adminContext.newPage();
  await adminPage.goto(link);
  await expect(adminPage.getByRole("heading", { name: "Join Team Co" })).toBeVisible();
  await adminPage.getByLabel("Your name").fill("Adam Admin");
  await adminPage.getByLabel("Password").fill(PASSWORD);
  await adminPage.getByRole("button", { name: "Join the account" }).click();
  await expect(adminPage.getByRole("heading", { level: 1, name: "Overview" })).toBeVisible();
  await expect(adminPage.getByText("Team Co · admin").first()).toBeAttached();

  await adminPage.goto("/team");
  await expect(adminPage.getByRole("table", { name: "Members of the account" })).toContainText(ownerEmail);
  await expect(adminPage.getByText("Only the account's owner can invite or remove admins.")).toBeVisible();
  await expect(adminPage.getByRole("heading", { name: "Invite an admin" })).toHaveCount(0);
  await expect(adminPage.getByRole("button", { name: /Remove/ })).toHaveCount(0);
  await screenshot(adminPage, "team-admin");
  const adminInvite = await adminPage.request.post("/api/console/invitations", { headers: CONSOLE, data: { email: uniqueEmail("nope") } });
  expect(adminInvite.status()).toBe(403);
  expect((await adminInvite.json()).error.code).toBe("forbidden");

  // The used link cannot be used again.
  const stranger = await browser.newContext({ baseURL: origin });
  const strangerPage = await stranger.newPage();
  await strangerPage.goto(link);
  await expect(strangerPage.getByRole("heading", { name: "This invitation cannot be used" })).toBeVisible();
  await screenshot(strangerPage, "invite-cannot-be-used");

  await page.reload();
  await expect(members).toContainText(adminEmail);
  await expect(page.getByText("No open invitations")).toBeVisible();
  // An owner is never removed, even by the owner.
  const ownerId = ((await (await page.request.get("/api/console/members", { headers: CONSOLE })).json()) as { data: { id: string; role: string }[] }).data.find(
    (m) => m.role === "owner",
  )!.id;
  expect((await page.request.delete(`/api/console/members/${ownerId}`, { headers: CONSOLE })).status()).toBe(403);

  await page.getByRole("button", { name: `Remove ${adminEmail}` }).click();
  const dialog = page.getByRole("dialog", { name: "Remove this admin?" });
  await expect(dialog).toBeVisible();
  await screenshot(page, "team-remove-dialog");
  await dialog.getByRole("button", { name: "Remove admin" }).click();
  await expect(dialog).toBeHidden();
  await expect(members).not.toContainText(adminEmail);

  // The removed admin's session ends at once.
  await adminPage.goto("/team");
  await expect(adminPage).toHaveURL(/\/sign-in/);
  await adminContext.close();
  await stranger.close();
});

test("a revoked invitation's link cannot be used", async ({ page, browser }) => {
  await signUp(page, { email: uniqueEmail("team-revoke") });
  await page.goto("/team");
  const invitee = uniqueEmail("invitee");
  await page.getByLabel("Email", { exact: true }).fill(invitee);
  await page.getByRole("button", { name: "Create invitation link" }).click();
  const link = (await page.getByTestId("invitation-link").textContent())!.trim();

  await page.getByRole("button", { name: `Revoke the invitation for ${invitee}` }).click();
  const dialog = page.getByRole("dialog", { name: "Revoke this invitation?" });
  await dialog.getByRole("button", { name: "Revoke invitation" }).click();
  await expect(dialog).toBeHidden();
  await expect(page.getByText("No open invitations")).toBeVisible();

  const context = await browser.newContext();
  const visitor = await context.newPage();
  await visitor.goto(link);
  await expect(visitor.getByRole("heading", { name: "This invitation cannot be used" })).toBeVisible();
  const accept = await visitor.request.post(new URL("/api/console/invitations/accept", link).toString(), {
    headers: CONSOLE,
    data: { token: link.split("/").pop(), name: "Late", password: PASSWORD },
  });
  expect(accept.status()).toBe(404);
  await context.close();
});
