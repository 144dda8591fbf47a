import { describe, expect, it } from "vitest";
import { getDb } from "@/db/client";
import { batchItems, batches, collections, ledgerEntries } from "@/db/schema";
import { createApiKey } from "@/lib/api-keys/create-api-key";
import { listApiKeys } from "@/lib/api-keys/list-api-keys";
import { revokeApiKey } from "@/lib/api-keys/revoke-api-key";
import { acceptInvitation, createInvitation, describeInvitation } from "@/lib/auth/invitations";
import { signUp } from "@/lib/auth/sign-up";
import { getMonthlyUsage } from "@/lib/billing/get-monthly-usage";
import { AppError } from "@/lib/errors";
import { newId } from "@/lib/ids";
import { inviteAdmin } from "@/lib/team/invite-admin";
import { listInvitations } from "@/lib/team/list-invitations";
import { listMembers } from "@/lib/team/list-members";
import { removeMember } from "@/lib/team/remove-member";
import { revokeInvitation } from "@/lib/team/revoke-invitation";
import { newAccount } from "./helpers";

const PASSWORD = "correct horse battery staple";
const unique = (label: string) => `${label}-${Date.now()}-${Math.random().toString(36).slice(2, 8)}@example.test`;

async function codeOf(promise: Promise<unknown>): Promise<string> {
  const error = await promise.then(() => null, (e: unknown) => e);
  expect(error).toBeInstanceOf(AppError);
  return (error as AppError).code;
}

async function newOwner(accountName = "Console Co") {
  const email = unique("owner");
  const { userId, accountId } = await signUp(getDb(), { name: "Olive", email, password: PASSWORD, accountName });
  return { userId, accountId, email };
}

describe("API keys in the console", () => {
  it("lists only the account's keys, newest first, without hashes or secrets", async () => {
    const db = getDb();
    const a = await newAccount();
    const b = await newAccount();
    const first = await createApiKey(db, { accountId: a.accountId, name: "first", capabilities: ["read"] });
    const second = await createApiKey(db, { accountId: a.accountId, name: "second", capabilities: ["read", "write"] });
    await createApiKey(db, { accountId: b.accountId, name: "theirs" });

    const listed = await listApiKeys(db, { accountId: a.accountId });
    expect(listed.map((k) => k.name)).toEqual(["second", "first", "default"]);
    expect(listed[0]).toMatchObject({ id: second.id, prefix: second.prefix, capabilities: ["read", "write"], last_used_at: null, revoked_at: null });
    const json = JSON.stringify(listed);
    expect(json).not.toMatch(/hash/i);
    expect(json).not.toContain(first.secret);
    expect((await listApiKeys(db, { accountId: b.accountId })).map((k) => k.name)).not.toContain("first");
  });

  it("revokes once: a second revoke or another account's key is not_found", async () => {
    const db = getDb();
    const a = await newAccount();
    const b = await newAccount();
    const key = await createApiKey(db, { accountId: a.accountId, name: "to revoke" });
    expect(await codeOf(revokeApiKey(db, { accountId: b.accountId, id: key.id }))).toBe("not_found");
    await expect(revokeApiKey(db, { accountId: a.accountId, id: key.id })).resolves.toEqual({ id: key.id, revoked: true });
    expect(await codeOf(revokeApiKey(db, { accountId: a.accountId, id: key.id }))).toBe("not_found");
    const listed = await listApiKeys(db, { accountId: a.accountId });
    expect(listed.find((k) => k.id === key.id)?.revoked_at).toEqual(expect.any(String));
  });
});

describe("monthly usage", () => {
  // A month far from today so nothing else lands in it; every row is the account's own anyway.
  const now = new Date("2031-03-15T12:00:00Z");
  const at = (iso: string) => new Date(iso);

  it("sums charges minus refunds and succeeded items per UTC day of the current month", async () => {
    const db = getDb();
    const { accountId } = await newAccount({ credit: 5 });
    const other = await newAccount({ credit: 5 });
    const ledger = (accountId: string, type: "charge" | "refund" | "topup" | "adjustment", amountMicros: number, createdAt: string) => ({
      accountId,
      type,
      amountMicros,
      balanceAfterMicros: 0,
      description: "test",
      createdAt: at(createdAt),
    });
    await db.insert(ledgerEntries).values([
      ledger(accountId, "charge", -120_000, "2031-03-03T08:00:00Z"),
      ledger(accountId, "refund", 40_000, "2031-03-03T23:59:59Z"),
      ledger(accountId, "topup", 10_000_000, "2031-03-03T09:00:00Z"),
      ledger(accountId, "adjustment", -5_000, "2031-03-04T09:00:00Z"),
      ledger(accountId, "charge", -40_000, "2031-03-05T10:00:00Z"),
      // Refunded the next day: that day's spend is negative.
      ledger(accountId, "refund", 40_000, "2031-03-06T00:00:01Z"),
      ledger(accountId, "charge", -400_000, "2031-02-28T23:59:59Z"),
      ledger(accountId, "charge", -400_000, "2031-04-01T00:00:00Z"),
      ledger(other.accountId, "charge", -999_000, "2031-03-03T08:00:00Z"),
    ]);

    const collectionId = newId("col");
    await db.insert(collections).values({ id: collectionId, accountId, name: `usage-${Date.now()}` });
    const batchId = newId("batch");
    await db.insert(batches).values({ id: batchId, accountId, collectionId, totalItems: 5, status: "completed" });
    const item = (status: "succeeded" | "failed", finishedAt: string, position: number) => ({
      id: newId("item"),
      batchId,
      accountId,
      position,
      filename: `f${position}.txt`,
      extension: ".txt",
      mediaType: "text/plain",
      sizeBytes: 10,
      checksum: `sum-${position}`,
      status,
      finishedAt: at(finishedAt),
    });
    await db.insert(batchItems).values([
      item("succeeded", "2031-03-03T08:01:00Z", 0),
      item("succeeded", "2031-03-03T08:02:00Z", 1),
      item("failed", "2031-03-03T08:03:00Z", 2),
      item("succeeded", "2031-03-05T10:01:00Z", 3),
      item("succeeded", "2031-02-28T23:00:00Z", 4),
    ]);

    const usage = await getMonthlyUsage(db, { accountId, now });
    expect(usage.month).toBe("2031-03");
    expect(usage.days).toHaveLength(31);
    expect(usage.days[0]!.date).toBe("2031-03-01");
    expect(usage.days[30]!.date).toBe("2031-03-31");
    const day = (date: string) => usage.days.find((d) => d.date === date);
    expect(day("2031-03-03")).toEqual({ date: "2031-03-03", files_processed: 2, spend_micros: 80_000 });
    expect(day("2031-03-04")).toEqual({ date: "2031-03-04", files_processed: 0, spend_micros: 0 });
    expect(day("2031-03-05")).toEqual({ date: "2031-03-05", files_processed: 1, spend_micros: 40_000 });
    expect(day("2031-03-06")).toEqual({ date: "2031-03-06", files_processed: 0, spend_micros: -40_000 });
    expect(usage.totals).toEqual({ files_processed: 3, spend_micros: 80_000 });

    const empty = await getMonthlyUsage(db, { accountId, now: new Date("2031-05-02T00:00:00Z") });
    expect(empty.days).toHaveLength(31);
    expect(empty.totals).toEqual({ files_processed: 0, spend_micros: 0 });
  });
});

describe("team: invitations and members", () => {
  it("an email that already has a user cannot be invited", async () => {
    const owner = await newOwner();
    const other = await newOwner();
    const error = await createInvitation(getDb(), { accountId: owner.accountId, email: other.email.toUpperCase(), invitedByUserId: owner.userId }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AppError);
    expect(error).toMatchObject({ code: "validation_error", details: { field: "email" } });
  });

  it("an invitation joins the inviting account as an admin, once", async () => {
    const db = getDb();
    const owner = await newOwner("Joined Co");
    const email = unique("admin");
    const invitation = await inviteAdmin(db, { accountId: owner.accountId, email, invitedByUserId: owner.userId });
    expect(invitation.path).toMatch(/^\/invite\/[a-z0-9]+$/i);
    const token = invitation.path.split("/").pop()!;
    expect(await listInvitations(db, { accountId: owner.accountId })).toEqual([expect.objectContaining({ id: invitation.id, email })]);
    await expect(describeInvitation(db, { token })).resolves.toEqual({ email, accountName: "Joined Co" });

    await acceptInvitation(db, { token, name: "Adam", password: PASSWORD });
    expect(await codeOf(acceptInvitation(db, { token, name: "Again", password: PASSWORD }))).toBe("not_found");
    expect(await codeOf(describeInvitation(db, { token }))).toBe("not_found");
    expect(await listInvitations(db, { accountId: owner.accountId })).toEqual([]);
    // An accepted invitation cannot be revoked after the fact.
    expect(await codeOf(revokeInvitation(db, { accountId: owner.accountId, id: invitation.id }))).toBe("not_found");

    const members = await listMembers(db, { accountId: owner.accountId });
    expect(members.map((m) => [m.email, m.role])).toEqual([
      [owner.email, "owner"],
      [email, "admin"],
    ]);
  });

  it("a revoked invitation cannot be used, and revoking is scoped to the account", async () => {
    const db = getDb();
    const owner = await newOwner();
    const stranger = await newOwner();
    const invitation = await inviteAdmin(db, { accountId: owner.accountId, email: unique("revoked"), invitedByUserId: owner.userId });
    expect(await codeOf(revokeInvitation(db, { accountId: stranger.accountId, id: invitation.id }))).toBe("not_found");
    await expect(revokeInvitation(db, { accountId: owner.accountId, id: invitation.id })).resolves.toEqual({ id: invitation.id, revoked: true });
    expect(await codeOf(revokeInvitation(db, { accountId: owner.accountId, id: invitation.id }))).toBe("not_found");
    const token = invitation.path.split("/").pop()!;
    expect(await codeOf(acceptInvitation(db, { token, name: "Late", password: PASSWORD }))).toBe("not_found");
  });

  it("removes admins only: never an owner, never another account's member", async () => {
    const db = getDb();
    const owner = await newOwner();
    const stranger = await newOwner();
    const email = unique("removable");
    const { path } = await inviteAdmin(db, { accountId: owner.accountId, email, invitedByUserId: owner.userId });
    await acceptInvitation(db, { token: path.split("/").pop()!, name: "Rita", password: PASSWORD });
    const admin = (await listMembers(db, { accountId: owner.accountId })).find((m) => m.email === email)!;

    expect(await codeOf(removeMember(db, { accountId: owner.accountId, id: owner.userId }))).toBe("forbidden");
    expect(await codeOf(removeMember(db, { accountId: stranger.accountId, id: admin.id }))).toBe("not_found");
    await expect(removeMember(db, { accountId: owner.accountId, id: admin.id })).resolves.toEqual({ id: admin.id, removed: true });
    expect(await codeOf(removeMember(db, { accountId: owner.accountId, id: admin.id }))).toBe("not_found");
    expect((await listMembers(db, { accountId: owner.accountId })).map((m) => m.email)).toEqual([owner.email]);
  });
});

