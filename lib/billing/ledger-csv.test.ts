import { describe, expect, it } from "vitest";
import { ledgerToCsv, type LedgerRow } from "./ledger-csv";

const row = (over: Partial<LedgerRow>): LedgerRow => ({
  id: 1,
  type: "topup",
  amount: 25,
  balance_after: 25,
  batch_id: null,
  item_id: null,
  created_at: "2026-11-29T10:00:00.000Z",
  description: "Stripe top-up",
  ...over,
});

describe("ledgerToCsv", () => {
  it("writes a header and one line per entry with signed amounts", () => {
    const csv = ledgerToCsv([row({}), row({ id: 2, type: "charge", amount: -0.04, balance_after: 24.96, batch_id: "batch_x" })]);
    expect(csv.split("\r\n")).toEqual([
      "id,created_at,type,amount_usd,balance_after_usd,batch_id,item_id,description",
      "1,2026-11-29T10:00:00.000Z,topup,25.000000,25.000000,,,Stripe top-up",
      "2,2026-11-29T10:00:00.000Z,charge,-0.040000,24.960000,batch_x,,Stripe top-up",
      "",
    ]);
  });

  it("quotes commas and quotes, and defuses spreadsheet formulas", () => {
    const csv = ledgerToCsv([row({ description: 'Refund, "late"' }), row({ id: 3, description: "=HYPERLINK(1)" })]);
    expect(csv).toContain('"Refund, ""late"""');
    expect(csv).toContain(",'=HYPERLINK(1)");
  });
});
