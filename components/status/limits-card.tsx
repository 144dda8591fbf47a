import { Card } from "@/components/ui/card";
import { Table, td } from "@/components/ui/table";
import { formatBytes, formatMicros, formatSeconds } from "@/lib/console/format";
import type { ProcessingLimits } from "@/lib/status/get-processing-limits";

function Row({ label, children }: { label: string; children: React.ReactNode }) {
  return (
    <div className="flex flex-wrap justify-between gap-x-4 gap-y-0.5 py-1.5">
      <dt className="text-slate-600">{label}</dt>
      <dd className="font-medium tabular-nums text-slate-900">{children}</dd>
    </div>
  );
}

export function LimitsCard({ limits, rateLimit }: { limits: ProcessingLimits; rateLimit?: { limit: number; remaining: number } }) {
  return (
    <Card title="Jobs and limits">
      <dl className="divide-y divide-slate-100 text-sm">
        <Row label="Job driver">{limits.jobDriver === "inngest" ? "Inngest" : "PostgreSQL queue (npm run worker)"}</Row>
        <Row label="Items at once per worker">{limits.workerConcurrency}</Row>
        <Row label="Time allowed per item">{formatSeconds(limits.itemTimeoutSeconds)} min</Row>
        <Row label="Attempts per item">{limits.itemMaxAttempts}</Row>
        <Row label="Files per batch">{`up to ${limits.maxFilesPerBatch}, ${formatBytes(limits.maxBatchBytes)} in all`}</Row>
        <Row label="Price per processed file">{formatMicros(limits.itemPriceMicros)}</Row>
        {rateLimit ? <Row label="Console requests left this hour">{`${rateLimit.remaining.toLocaleString("en-US")} of ${rateLimit.limit.toLocaleString("en-US")}`}</Row> : null}
      </dl>
      <div className="mt-4">
        <Table
          caption="Accepted file types and their limits"
          columns={["Type", "Extensions", { label: "Max size", numeric: true }, "Other limit"]}
        >
          {limits.categories.map((c) => (
            <tr key={c.category}>
              <td className={`${td} font-medium text-slate-900`}>{c.category === "model3d" ? "3D model" : c.category}</td>
              <td className={`${td} text-xs text-slate-600`}>{c.extensions.join(" ")}</td>
              <td className={`${td} whitespace-nowrap text-right tabular-nums`}>{formatBytes(c.maxBytes)}</td>
              <td className={`${td} whitespace-nowrap text-slate-600`}>
                {c.maxTokens ? `${c.maxTokens.toLocaleString("en-US")} tokens` : c.maxDurationSeconds ? `${formatSeconds(c.maxDurationSeconds)} min long` : "—"}
              </td>
            </tr>
          ))}
        </Table>
      </div>
    </Card>
  );
}
