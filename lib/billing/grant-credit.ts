import type { Database } from "@/db/client";
import { violatedConstraint } from "@/db/errors";
import { appendLedgerEntry } from "@/db/queries/ledger";
import { AppError } from "@/lib/errors";

/** An operator's credit or debit (type `adjustment`). A debit can never take the balance below zero. */
export async function grantCredit(
  db: Database,
  { accountId, amountMicros, description }: { accountId: string; amountMicros: number; description: string },
): Promise<{ balanceAfterMicros: number }> {
  if (!Number.isSafeInteger(amountMicros) || amountMicros === 0) {
    throw new AppError("validation_error", "The amount must be a non-zero whole number of micro-dollars.");
  }
  return db.transaction(async (tx) => {
    try {
      return await appendLedgerEntry(tx, { accountId, type: "adjustment", amountMicros, description });
    } catch (error) {
      if (violatedConstraint(error) === "accounts_balance_non_negative") {
        throw new AppError("insufficient_funds", "The adjustment would make the balance negative.");
      }
      throw error;
    }
  });
}

