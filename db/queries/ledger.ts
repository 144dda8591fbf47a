import { and, desc, eq, lt, sql } from "drizzle-orm";
import type { DbOrTx, Tx } from "../client";
import { accounts, ledgerEntries, type LedgerType } from "../schema";

export interface LedgerEntryInput {
  accountId: string;
  type: LedgerType;
  amountMicros: number;
  description: string;
  batchId?: string;
  itemId?: string;
  externalId?: string;
}

/**
 * Moves the balance and records why, in one statement pair inside the caller's transaction.
 * The balance update takes the account row lock, so concurrent entries serialise; the
 * CHECK constraint on accounts refuses any entry that would overdraw.
 */
export async function appendLedgerEntry(tx: Tx, entry: LedgerEntryInput): Promise<{ balanceAfterMicros: number; ledgerEntryId: number }> {
  const [row] = await tx
    .update(accounts)
    .set({ balanceMicros: sql`${accounts.balanceMicros} + ${entry.amountMicros}` })
    .where(eq(accounts.id, entry.accountId))
    .returning({ balance: accounts.balanceMicros });
  if (!row) throw new Error(`account ${entry.accountId} not found`);
  const [inserted] = await tx.insert(ledgerEntries).values({ ...entry, balanceAfterMicros: row.balance }).returning({ id: ledgerEntries.id });
  return { balanceAfterMicros: row.balance, ledgerEntryId: inserted!.id };
}

export async function getLedgerEntryByExternalId(db: DbOrTx, { externalId }: { externalId: string }) {
  const [row] = await db.select().from(ledgerEntries).where(eq(ledgerEntries.externalId, externalId));
  return row ?? null;
}

/** Locks the account row for the rest of the transaction and returns its balance. */
export async function lockAccountBalance(tx: Tx, { accountId }: { accountId: string }): Promise<number | null> {
  const [row] = await tx
    .select({ balance: accounts.balanceMicros })
    .from(accounts)
    .where(eq(accounts.id, accountId))
    .for("update");
  return row?.balance ?? null;
}

export async function hasRefundForItem(tx: DbOrTx, { itemId }: { itemId: string }): Promise<boolean> {
  const [row] = await tx
    .select({ id: ledgerEntries.id })
    .from(ledgerEntries)
    .where(and(eq(ledgerEntries.itemId, itemId), eq(ledgerEntries.type, "refund")))
    .limit(1);
  return Boolean(row);
}

export async function listLedgerEntries(db: DbOrTx, { accountId, limit = 100 }: { accountId: string; limit?: number }) {
  return db.select().from(ledgerEntries).where(eq(ledgerEntries.accountId, accountId)).orderBy(desc(ledgerEntries.id)).limit(limit);
}

export async function getBalance(db: DbOrTx, { accountId }: { accountId: string }): Promise<number | null> {
  const [row] = await db.select({ balance: accounts.balanceMicros }).from(accounts).where(eq(accounts.id, accountId));
  return row?.balance ?? null;
}

/** One page of an account's ledger, newest first, strictly before entry `beforeId`. */
export async function listLedgerPage(
  db: DbOrTx,
  { accountId, type, beforeId, limit }: { accountId: string; type?: LedgerType; beforeId?: number; limit: number },
) {
  return db
    .select()
    .from(ledgerEntries)
    .where(
      and(
        eq(ledgerEntries.accountId, accountId),
        type ? eq(ledgerEntries.type, type) : undefined,
        beforeId !== undefined ? lt(ledgerEntries.id, beforeId) : undefined,
      ),
    )
    .orderBy(desc(ledgerEntries.id))
    .limit(limit);
}
