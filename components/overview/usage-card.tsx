"use client";

import { useQuery } from "@tanstack/react-query";
import { Card } from "@/components/ui/card";
import { ErrorState, LoadingRows } from "@/components/ui/states";
import { Table, td } from "@/components/ui/table";
import { formatMicros } from "@/lib/console/format";
import { usageQuery, type MonthlyUsage } from "@/lib/console/queries";
import { DailyBarChart, formatDay } from "./daily-bar-chart";

const monthLabel = new Intl.DateTimeFormat("en-US", { month: "long", year: "numeric", timeZone: "UTC" });
const files = (n: number) => `${n} file${n === 1 ? "" : "s"}`;
const money = (micros: number) => formatMicros(micros);

function busiest(days: MonthlyUsage["days"], pick: (d: MonthlyUsage["days"][number]) => number) {
  return days.reduce<MonthlyUsage["days"][number] | null>((best, d) => (pick(d) > 0 && (!best || pick(d) > pick(best)) ? d : best), null);
}

export function useMonthlyUsage() {
  return useQuery(usageQuery());
}

export function UsageCard() {
  const usage = useMonthlyUsage();
  if (usage.isPending) return <Card title="This month">{<LoadingRows rows={4} label="Loading this month's usage" />}</Card>;
  if (usage.isError)
    return (
      <Card title="This month">
        <ErrorState error={usage.error} retry={() => usage.refetch()} />
      </Card>
    );
  const { days, totals, month } = usage.data;
  const today = new Date().toISOString().slice(0, 10);
  const topFiles = busiest(days, (d) => d.files_processed);
  const topSpend = busiest(days, (d) => d.spend_micros);
  const active = days.filter((d) => d.files_processed !== 0 || d.spend_micros !== 0);
  return (
    <Card title={`${monthLabel.format(new Date(`${month}-01T00:00:00Z`))} (UTC days)`}>
      <div className="grid grid-cols-1 gap-6 md:grid-cols-2">
        <DailyBarChart
          title="Files processed per day"
          values={days.map((d) => ({ date: d.date, value: d.files_processed }))}
          format={(n) => String(n)}
          today={today}
          summary={topFiles ? `${files(totals.files_processed)} this month; most on ${formatDay(topFiles.date)} (${files(topFiles.files_processed)}).` : "No files processed this month yet."}
        />
        <DailyBarChart
          title="Spend per day"
          values={days.map((d) => ({ date: d.date, value: d.spend_micros }))}
          format={money}
          today={today}
          summary={topSpend ? `${money(totals.spend_micros)} this month; most on ${formatDay(topSpend.date)} (${money(topSpend.spend_micros)}).` : "Nothing spent this month yet."}
        />
      </div>
      <p className="mt-4 text-xs text-slate-500">Files processed are items that succeeded. Spend is charges minus refunds: a failed file is refunded on the day it fails.</p>
      {active.length > 0 ? (
        <details className="mt-3">
          <summary className="cursor-pointer text-sm font-medium text-indigo-700 focus-visible:outline-2 focus-visible:outline-indigo-600">Show the numbers</summary>
          <div className="mt-2">
            <Table
              caption="Files processed and spend per day this month (days with activity)"
              columns={["Day", { label: "Files processed", numeric: true }, { label: "Spend", numeric: true }]}
            >
              {active.map((d) => (
                <tr key={d.date}>
                  <td className={td}>{formatDay(d.date)}</td>
                  <td className={`${td} text-right tabular-nums`}>{d.files_processed}</td>
                  <td className={`${td} text-right tabular-nums`}>{money(d.spend_micros)}</td>
                </tr>
              ))}
            </Table>
          </div>
        </details>
      ) : null}
    </Card>
  );
}
