import { getDb } from "@/db/client";
import { getBalance } from "@/db/queries/ledger";
import { AppError } from "@/lib/errors";
import { microsToDollars } from "./pricing";
import type { BalanceResponse } from "./schemas";

export async function getAccountBalance({ accountId }: { accountId: string }): Promise<BalanceResponse["data"]> {
  const micros = await getBalance(getDb(), { accountId });
  if (micros === null) throw new AppError("not_found", "Account not found.");
  return { balance: microsToDollars(micros), currency: "USD" };
}
