import { and, desc, eq, isNull, sql } from "drizzle-orm";
import type { DbOrTx } from "../client";
import { accounts, apiKeys } from "../schema";

export async function insertAccount(db: DbOrTx, { id, name }: { id: string; name: string }) {
  const [row] = await db.insert(accounts).values({ id, name }).returning();
  return row!;
}

export async function getAccountById(db: DbOrTx, { id }: { id: string }) {
  const [row] = await db.select().from(accounts).where(eq(accounts.id, id));
  return row ?? null;
}

export interface NewApiKeyRow {
  id: string;
  accountId: string;
  name: string;
  prefix: string;
  hash: string;
  capabilities: string[];
}

export async function insertApiKey(db: DbOrTx, key: NewApiKeyRow) {
  const [row] = await db.insert(apiKeys).values(key).returning();
  return row!;
}

/** A key that is revoked is treated exactly like an unknown key. */
export async function getActiveApiKeyByHash(db: DbOrTx, { hash }: { hash: string }) {
  const [row] = await db
    .select()
    .from(apiKeys)
    .where(and(eq(apiKeys.hash, hash), isNull(apiKeys.revokedAt)));
  return row ?? null;
}

/** last_used_at is advisory: written at most once a minute per key to spare a write per request. */
export async function touchApiKey(db: DbOrTx, { id }: { id: string }) {
  await db
    .update(apiKeys)
    .set({ lastUsedAt: sql`now()` })
    .where(and(eq(apiKeys.id, id), sql`(${apiKeys.lastUsedAt} is null or ${apiKeys.lastUsedAt} < now() - interval '1 minute')`));
}

export async function revokeApiKey(db: DbOrTx, { accountId, id }: { accountId: string; id: string }) {
  const [row] = await db
    .update(apiKeys)
    .set({ revokedAt: sql`now()` })
    .where(and(eq(apiKeys.id, id), eq(apiKeys.accountId, accountId), isNull(apiKeys.revokedAt)))
    .returning({ id: apiKeys.id });
  return Boolean(row);
}

/** Every key of one account, newest first; the hash never leaves this function. */
export async function listApiKeysOfAccount(db: DbOrTx, { accountId }: { accountId: string }) {
  return db
    .select({
      id: apiKeys.id,
      name: apiKeys.name,
      prefix: apiKeys.prefix,
      capabilities: apiKeys.capabilities,
      createdAt: apiKeys.createdAt,
      lastUsedAt: apiKeys.lastUsedAt,
      revokedAt: apiKeys.revokedAt,
    })
    .from(apiKeys)
    .where(eq(apiKeys.accountId, accountId))
    .orderBy(desc(apiKeys.createdAt), desc(apiKeys.id));
}
