/** One ledger row as the /v1/transactions API returns it. */
export interface LedgerRow {
  id: number;
  type: string;
  amount: number;
  balance_after: number;
  batch_id: string | null;
  item_id: string | null;
  created_at: string;
  description: string;
}

const HEADER = ["id", "created_at", "type", "amount_usd", "balance_after_usd", "batch_id", "item_id", "description"];

/** RFC 4180 quoting, and a leading quote on cells a spreadsheet would run as a formula. */
function cell(value: string | number | null): string {
  let text = value === null ? "" : String(value);
  if (typeof value === "string" && /^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export function ledgerToCsv(rows: readonly LedgerRow[]): string {
  const lines = rows.map((r) => [r.id, r.created_at, r.type, r.amount.toFixed(6), r.balance_after.toFixed(6), r.batch_id, r.item_id, r.description].map(cell).join(","));
  return [HEADER.join(","), ...lines].join("\r\n") + "\r\n";
}
