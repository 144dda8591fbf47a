import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { getDb } from "@/db/client";
import { invitations, users } from "@/db/schema";
import { authorizeCredentials } from "@/lib/auth/authorize-credentials";
import { acceptInvitation, createInvitation, describeInvitation } from "@/lib/auth/invitations";
import { resolveOAuthUser } from "@/lib/auth/oauth-user";
import { signUp } from "@/lib/auth/sign-up";
import { AppError } from "@/lib/errors";

const email = (label: string) => `${label}-${Date.now()}-${Math.random().toString(36).slice(2, 7)}@example.test`;
const PASSWORD = "correct horse battery";

async function expectAppError(promise: Promise<unknown>, code: string) {
  const error = await promise.then(() => null, (e: unknown) => e);
  expect(error).toBeInstanceOf(AppError);
  expect((error as AppError).code).toBe(code);
}

describe("console sign-up and sign-in", () => {
  it("creates an account whose first user is its owner, with a slow hash and no clear password", async () => {
    const address = email("owner");
    const { userId, accountId } = await signUp(getDb(), { name: "Ada", email: address, password: PASSWORD, accountName: "Acme" });
    const [row] = await getDb().select().from(users).where(eq(users.id, userId));
    expect(row).toMatchObject({ accountId, role: "owner", email: address });
    expect(row!.passwordHash).toMatch(/^scrypt\$/);
    expect(row!.passwordHash).not.toContain(PASSWORD);
  });

  it("refuses a second sign-up with the same email, whatever its case", async () => {
    const address = email("dup");
    await signUp(getDb(), { name: "A", email: address, password: PASSWORD, accountName: "One" });
    await expectAppError(signUp(getDb(), { name: "B", email: address.toUpperCase(), password: PASSWORD, accountName: "Two" }), "validation_error");
  });

  it("signs in with the right password only, and says nothing about which part was wrong", async () => {
    const address = email("signin");
    const { userId, accountId } = await signUp(getDb(), { name: "A", email: address, password: PASSWORD, accountName: "One" });
    expect(await authorizeCredentials(getDb(), { email: address.toUpperCase(), password: PASSWORD })).toMatchObject({ id: userId, accountId, role: "owner" });
    expect(await authorizeCredentials(getDb(), { email: address, password: `${PASSWORD}x` })).toBeNull();
    expect(await authorizeCredentials(getDb(), { email: email("nobody"), password: PASSWORD })).toBeNull();
    expect(await authorizeCredentials(getDb(), { email: "not an email", password: PASSWORD })).toBeNull();
  });
});

describe("invitations", () => {
  it("lets an invited admin join the owner's account once", async () => {
    const owner = await signUp(getDb(), { name: "Owner", email: email("inv-owner"), password: PASSWORD, accountName: "Joinable" });
    const invitee = email("invitee");
    const { token } = await createInvitation(getDb(), { accountId: owner.accountId, email: invitee, invitedByUserId: owner.userId });
    expect(await describeInvitation(getDb(), { token })).toEqual({ email: invitee, accountName: "Joinable" });

    await acceptInvitation(getDb(), { token, name: "New Admin", password: PASSWORD });
    const admin = await authorizeCredentials(getDb(), { email: invitee, password: PASSWORD });
    expect(admin).toMatchObject({ accountId: owner.accountId, role: "admin" });

    await expectAppError(acceptInvitation(getDb(), { token, name: "Again", password: PASSWORD }), "not_found");
    await expectAppError(describeInvitation(getDb(), { token }), "not_found");
  });

  it("refuses to invite an email that already has a user, and an expired invitation cannot be used", async () => {
    const owner = await signUp(getDb(), { name: "Owner", email: email("inv2"), password: PASSWORD, accountName: "Two" });
    const taken = email("taken");
    await signUp(getDb(), { name: "Taken", email: taken, password: PASSWORD, accountName: "Elsewhere" });
    await expectAppError(createInvitation(getDb(), { accountId: owner.accountId, email: taken, invitedByUserId: owner.userId }), "validation_error");

    const { id, token } = await createInvitation(getDb(), { accountId: owner.accountId, email: email("late"), invitedByUserId: owner.userId });
    await getDb().update(invitations).set({ expiresAt: new Date(Date.now() - 1000) }).where(eq(invitations.id, id));
    await expectAppError(acceptInvitation(getDb(), { token, name: "Late", password: PASSWORD }), "not_found");
  });
});

describe("an account made by the operator CLI", () => {
  it("gets its owner through an operator's invitation", async () => {
    const { createAccount } = await import("@/lib/accounts/create-account");
    const { account } = await createAccount(getDb(), { name: "From the CLI" });
    const address = email("cli-owner");
    const { token } = await createInvitation(getDb(), { accountId: account.id, email: address, invitedByUserId: null });
    await acceptInvitation(getDb(), { token, name: "CLI Owner", password: PASSWORD });
    expect(await authorizeCredentials(getDb(), { email: address, password: PASSWORD })).toMatchObject({ accountId: account.id, role: "owner" });
  });
});

describe("npm run admin -- set-password", () => {
  it("resets a forgotten password from standard input; the old one stops working", async () => {
    const { spawnSync } = await import("node:child_process");
    const address = email("forgot");
    await signUp(getDb(), { name: "F", email: address, password: PASSWORD, accountName: "Forgetful" });
    const run = (input: string) =>
      spawnSync("node_modules/.bin/tsx", ["scripts/admin.ts", "set-password", "--email", address], { input, env: process.env, encoding: "utf8" });
    const tooShort = run("short\n");
    expect(tooShort.status).not.toBe(0);
    expect(tooShort.stderr).toContain("at least 10 characters");

    const done = run("a brand new passphrase\n");
    expect(done.stdout).toContain("password set");
    expect(await authorizeCredentials(getDb(), { email: address, password: "a brand new passphrase" })).not.toBeNull();
    expect(await authorizeCredentials(getDb(), { email: address, password: PASSWORD })).toBeNull();
  });
});

describe("OAuth sign-in", () => {
  it("finds an existing user by email, joins an invitation's account, or starts a new account", async () => {
    const owner = await signUp(getDb(), { name: "Owner", email: email("oauth-owner"), password: PASSWORD, accountName: "OAuth Co" });
    const existing = await resolveOAuthUser(getDb(), { email: (await getDb().select().from(users).where(eq(users.id, owner.userId)))[0]!.email, name: "Owner" });
    expect(existing).toMatchObject({ id: owner.userId, accountId: owner.accountId, role: "owner" });

    const invited = email("oauth-invited");
    await createInvitation(getDb(), { accountId: owner.accountId, email: invited, invitedByUserId: owner.userId });
    expect(await resolveOAuthUser(getDb(), { email: invited, name: "Invited" })).toMatchObject({ accountId: owner.accountId, role: "admin" });

    const newcomer = await resolveOAuthUser(getDb(), { email: email("oauth-new"), name: "New" });
    expect(newcomer?.role).toBe("owner");
    expect(newcomer?.accountId).not.toBe(owner.accountId);
  });
});
