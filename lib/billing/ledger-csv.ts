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

/** RFC 4180 quoting, and a leading quote on free text a spreadsheet would run as a formula. */
function text(value: string | null): string {
  let out = value ?? "";
  if (/^[=+\-@\t\r]/.test(out)) out = `'${out}`;
  return /[",\r\n]/.test(out) ? `"${out.replace(/"/g, '""')}"` : out;
}

/** Amounts stay numbers (a leading minus is a sign, not a formula). */
const amount = (dollars: number) => dollars.toFixed(6);

export function ledgerToCsv(rows: readonly LedgerRow[]): string {
  const lines = rows.map((r) => [String(r.id), text(r.created_at), text(r.type), amount(r.amount), amount(r.balance_after), text(r.batch_id), text(r.item_id), text(r.description)].join(","));
  return [HEADER.join(","), ...lines].join("\r\n") + "\r\n";
}
