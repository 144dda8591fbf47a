"use client";

import { useInfiniteQuery } from "@tanstack/react-query";
import Link from "next/link";
import { useState } from "react";
import { Badge, type BadgeTone } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { SelectField } from "@/components/ui/field";
import { EmptyState, ErrorState, LoadingRows } from "@/components/ui/states";
import { Table, td } from "@/components/ui/table";
import { formatDateTime, formatDollars } from "@/lib/console/format";
import { ledgerToCsv } from "@/lib/billing/ledger-csv";
import { fetchLedgerPage, ledgerQuery, type LedgerRow } from "@/lib/console/queries";

const TYPES = ["topup", "charge", "refund", "adjustment"] as const;
const TONE: Record<string, BadgeTone> = { topup: "green", charge: "gray", refund: "blue", adjustment: "violet" };

/** Every page of the ledger (same filter), for the CSV: the file holds the whole history. */
async function downloadCsv(type: string): Promise<void> {
  const rows: LedgerRow[] = [];
  let cursor: string | null = null;
  do {
    const page = await fetchLedgerPage(type, cursor);
    rows.push(...page.rows);
    cursor = page.nextCursor;
  } while (cursor);
  const url = URL.createObjectURL(new Blob([ledgerToCsv(rows)], { type: "text/csv;charset=utf-8" }));
  const link = document.createElement("a");
  link.href = url;
  link.download = `tessera-ledger${type ? `-${type}` : ""}-${new Date().toISOString().slice(0, 10)}.csv`;
  link.click();
  URL.revokeObjectURL(url);
}

export function LedgerTable() {
  const [type, setType] = useState("");
  const [exporting, setExporting] = useState<string | null>(null);
  const ledger = useInfiniteQuery(ledgerQuery(type));
  const rows = ledger.data?.pages.flatMap((p) => p.rows) ?? [];

  return (
    <Card
      title="Ledger"
      actions={
        <div className="flex flex-wrap items-end gap-2">
          <div className="w-40">
            <SelectField label="Type" value={type} onChange={(e) => setType(e.target.value)}>
              <option value="">All entries</option>
              {TYPES.map((t) => (
                <option key={t} value={t}>
                  {t}
                </option>
              ))}
            </SelectField>
          </div>
          <Button
            variant="secondary"
            busy={exporting === "busy"}
            onClick={() => {
              setExporting("busy");
              downloadCsv(type).then(
                () => setExporting(null),
                (error: Error) => setExporting(error.message),
              );
            }}
          >
            Export CSV
          </Button>
        </div>
      }
    >
      {exporting && exporting !== "busy" ? (
        <p role="alert" className="mb-3 text-sm text-red-700">
          Export failed: {exporting}
        </p>
      ) : null}
      {ledger.isPending ? (
        <LoadingRows label="Loading the ledger" />
      ) : ledger.isError ? (
        <ErrorState error={ledger.error} retry={() => ledger.refetch()} />
      ) : rows.length === 0 ? (
        <EmptyState title={type ? `No ${type} entries yet` : "No entries yet"}>Top-ups, charges, refunds and adjustments appear here.</EmptyState>
      ) : (
        <>
          <Table
            caption="Ledger entries, newest first"
            columns={["Date", "Type", "Description", { label: "Amount", numeric: true }, { label: "Balance", numeric: true }]}
          >
            {rows.map((row) => (
              <tr key={row.id}>
                <td className={`${td} whitespace-nowrap text-slate-600`}>{formatDateTime(row.created_at)}</td>
                <td className={td}>
                  <Badge tone={TONE[row.type] ?? "gray"}>{row.type}</Badge>
                </td>
                <td className={`${td} min-w-48`}>
                  {row.description}
                  {row.batch_id ? (
                    <>
                      {" · "}
                      <Link href={`/batches/${row.batch_id}`} className="text-indigo-700 underline">
                        batch
                      </Link>
                    </>
                  ) : null}
                </td>
                <td className={`${td} text-right tabular-nums ${row.amount < 0 ? "text-slate-900" : "text-emerald-700"}`}>
                  {row.amount > 0 ? "+" : ""}
                  {formatDollars(row.amount)}
                </td>
                <td className={`${td} text-right tabular-nums text-slate-600`}>{formatDollars(row.balance_after)}</td>
              </tr>
            ))}
          </Table>
          {ledger.hasNextPage ? (
            <div className="mt-3 flex justify-center">
              <Button variant="secondary" busy={ledger.isFetchingNextPage} onClick={() => ledger.fetchNextPage()}>
                Load more
              </Button>
            </div>
          ) : null}
        </>
      )}
    </Card>
  );
}
