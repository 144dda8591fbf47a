import { describe, expect, it } from "vitest";
import { getDb } from "@/db/client";
import { getBalance } from "@/db/queries/ledger";
import { grantCredit } from "@/lib/billing/grant-credit";
import { newAccount } from "./helpers";

describe("grantCredit", () => {
  it("refuses a debit below zero as insufficient_funds (the CHECK's name survives drizzle's error wrapper)", async () => {
    const { accountId } = await newAccount({ credit: 1 });
    const error = await grantCredit(getDb(), { accountId, amountMicros: -5_000_000, description: "too much" }).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: "insufficient_funds" });
    expect(await getBalance(getDb(), { accountId })).toBe(1_000_000);
  });
});
