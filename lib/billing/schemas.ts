import { z } from "zod";
import { CursorQuery } from "@/lib/api/cursor";
import { cursorPage, Dollars, IsoTime, success } from "@/lib/api/envelope";
import { ledgerTypes } from "@/db/schema";

export const BalanceResponse = success(z.object({ balance: Dollars, currency: z.literal("USD") }));
export type BalanceResponse = z.infer<typeof BalanceResponse>;

export const TransactionsQuery = z.object({
  ...CursorQuery,
  type: z.enum(ledgerTypes).optional().describe("Only entries of this type"),
});

export const Transaction = z.object({
  id: z.number().int(),
  type: z.enum(ledgerTypes),
  amount: Dollars.describe("Signed: credits positive, charges negative"),
  balance_after: Dollars,
  batch_id: z.string().nullable(),
  item_id: z.string().nullable(),
  created_at: IsoTime,
  description: z.string(),
});
export const TransactionListResponse = cursorPage(Transaction);
export type TransactionListResponse = z.infer<typeof TransactionListResponse>;
