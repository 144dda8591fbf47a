import { and, asc, desc, eq, gt, isNull, sql } from "drizzle-orm";
import type { DbOrTx } from "../client";
import { accounts, invitations, users } from "../schema";

export type UserRow = typeof users.$inferSelect;

export async function getUserByEmail(db: DbOrTx, { email }: { email: string }): Promise<UserRow | null> {
  const [row] = await db.select().from(users).where(sql`lower(${users.email}) = lower(${email})`);
  return row ?? null;
}

export async function getUserById(db: DbOrTx, { id }: { id: string }): Promise<UserRow | null> {
  const [row] = await db.select().from(users).where(eq(users.id, id));
  return row ?? null;
}

export async function insertUser(db: DbOrTx, user: typeof users.$inferInsert): Promise<UserRow> {
  const [row] = await db.insert(users).values(user).returning();
  return row!;
}

export async function listUsers(db: DbOrTx, { accountId }: { accountId: string }) {
  return db
    .select({ id: users.id, email: users.email, name: users.name, role: users.role, createdAt: users.createdAt })
    .from(users)
    .where(eq(users.accountId, accountId))
    .orderBy(asc(users.createdAt));
}

export async function setUserPasswordHash(db: DbOrTx, { email, passwordHash }: { email: string; passwordHash: string }): Promise<boolean> {
  const rows = await db.update(users).set({ passwordHash }).where(sql`lower(${users.email}) = lower(${email})`).returning({ id: users.id });
  return rows.length > 0;
}

export async function deleteUser(db: DbOrTx, { accountId, id }: { accountId: string; id: string }): Promise<boolean> {
  const rows = await db
    .delete(users)
    .where(and(eq(users.accountId, accountId), eq(users.id, id), eq(users.role, "admin")))
    .returning({ id: users.id });
  return rows.length > 0;
}

export async function countAccounts(db: DbOrTx): Promise<number> {
  const [row] = await db.select({ n: sql<number>`count(*)::int` }).from(accounts);
  return row?.n ?? 0;
}

export async function insertInvitation(db: DbOrTx, invitation: typeof invitations.$inferInsert) {
  const [row] = await db.insert(invitations).values(invitation).returning();
  return row!;
}

/** Open: neither accepted, revoked nor expired. */
export async function getOpenInvitationByTokenHash(db: DbOrTx, { tokenHash }: { tokenHash: string }) {
  const [row] = await db
    .select({ invitation: invitations, accountName: accounts.name })
    .from(invitations)
    .innerJoin(accounts, eq(accounts.id, invitations.accountId))
    .where(and(eq(invitations.tokenHash, tokenHash), isNull(invitations.acceptedAt), isNull(invitations.revokedAt), gt(invitations.expiresAt, sql`now()`)))
    .for("update", { of: invitations });
  return row ?? null;
}

export async function getOpenInvitationByEmail(db: DbOrTx, { email }: { email: string }) {
  const [row] = await db
    .select()
    .from(invitations)
    .where(and(sql`lower(${invitations.email}) = lower(${email})`, isNull(invitations.acceptedAt), isNull(invitations.revokedAt), gt(invitations.expiresAt, sql`now()`)))
    .orderBy(desc(invitations.createdAt))
    .limit(1);
  return row ?? null;
}

export async function markInvitationAccepted(db: DbOrTx, { id }: { id: string }) {
  await db.update(invitations).set({ acceptedAt: sql`now()` }).where(eq(invitations.id, id));
}

export async function listOpenInvitations(db: DbOrTx, { accountId }: { accountId: string }) {
  return db
    .select({ id: invitations.id, email: invitations.email, createdAt: invitations.createdAt, expiresAt: invitations.expiresAt })
    .from(invitations)
    .where(and(eq(invitations.accountId, accountId), isNull(invitations.acceptedAt), isNull(invitations.revokedAt), gt(invitations.expiresAt, sql`now()`)))
    .orderBy(desc(invitations.createdAt));
}

export async function revokeInvitation(db: DbOrTx, { accountId, id }: { accountId: string; id: string }): Promise<boolean> {
  const rows = await db
    .update(invitations)
    .set({ revokedAt: sql`now()` })
    .where(and(eq(invitations.accountId, accountId), eq(invitations.id, id), isNull(invitations.acceptedAt), isNull(invitations.revokedAt)))
    .returning({ id: invitations.id });
  return rows.length > 0;
}
