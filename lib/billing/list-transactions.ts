import { getDb } from "@/db/client";
import { listLedgerPage } from "@/db/queries/ledger";
import type { LedgerType } from "@/db/schema";
import { decodeCursor, encodeCursor, invalidCursor } from "@/lib/api/cursor";
import { microsToDollars } from "./pricing";
import type { TransactionListResponse } from "./schemas";

const CURSOR_KIND = "txn";

/** GET /v1/transactions: the account's ledger, newest first. Entries are append-only, so the id orders them. */
export async function listTransactions({
  accountId,
  limit,
  cursor,
  type,
}: {
  accountId: string;
  limit: number;
  cursor?: string;
  type?: LedgerType;
}): Promise<TransactionListResponse> {
  let beforeId: number | undefined;
  if (cursor !== undefined) {
    beforeId = Number(decodeCursor(CURSOR_KIND, cursor));
    if (!Number.isSafeInteger(beforeId) || beforeId < 1) throw invalidCursor();
  }
  const rows = await listLedgerPage(getDb(), { accountId, type, beforeId, limit: limit + 1 });
  const page = rows.slice(0, limit);
  const last = page.at(-1);
  return {
    success: true,
    data: page.map((e) => ({
      id: e.id,
      type: e.type,
      amount: microsToDollars(e.amountMicros),
      balance_after: microsToDollars(e.balanceAfterMicros),
      batch_id: e.batchId,
      item_id: e.itemId,
      created_at: e.createdAt.toISOString(),
      description: e.description,
    })),
    next_cursor: rows.length > limit && last ? encodeCursor(CURSOR_KIND, last.id) : null,
  };
}
