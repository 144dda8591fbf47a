"use client";

import { useQuery } from "@tanstack/react-query";
import { Badge } from "@/components/ui/badge";
import { Card, PageHeader } from "@/components/ui/card";
import { Alert, ErrorState, LoadingRows } from "@/components/ui/states";
import { timeAgo } from "@/lib/console/format";
import { statusQuery } from "@/lib/console/queries";
import type { ProcessingLimits } from "@/lib/status/get-processing-limits";
import { LimitsCard } from "./limits-card";

const CAPABILITY_LABELS: Record<string, string> = {
  text_embeddings: "Text embeddings",
  visual_embeddings: "Visual embeddings",
  "3d_thumbnails": "3D thumbnails",
  ocr: "OCR (text in images)",
  speech_to_text: "Speech to text",
  video: "Video frames and audio",
  pdf_ocr: "Scanned PDF pages",
};
const label = (name: string) => CAPABILITY_LABELS[name] ?? name.replace(/_/g, " ");

function Health({ name, state }: { name: string; state: "ok" | "down" }) {
  return (
    <div className="flex items-center justify-between gap-3 py-2">
      <dt className="text-sm text-slate-700">{name}</dt>
      <dd>
        <Badge tone={state === "ok" ? "green" : "red"}>{state === "ok" ? "healthy" : "down"}</Badge>
      </dd>
    </div>
  );
}

export function StatusView({ limits }: { limits: ProcessingLimits }) {
  const status = useQuery(statusQuery());
  return (
    <>
      <PageHeader title="Status" description="What runs, and what this machine can process." />
      {status.isPending ? (
        <LoadingRows rows={6} label="Loading status" />
      ) : status.isError ? (
        <ErrorState error={status.error} retry={() => status.refetch()} />
      ) : (
        <div className="space-y-6">
          {status.data.status === "ok" ? (
            <Alert tone="success">All components are healthy.</Alert>
          ) : (
            <Alert tone="warning" title="Degraded">
              A component is down: uploads and search may fail until it is back.
            </Alert>
          )}
          <div className="grid grid-cols-1 gap-6 lg:grid-cols-2 lg:items-start">
            <Card title="Components">
              <dl className="divide-y divide-slate-100">
                <Health name="Database (PostgreSQL)" state={status.data.components.database} />
                <Health name="Vector store (Chroma)" state={status.data.components.vectors} />
                <div className="flex items-center justify-between gap-3 py-2">
                  <dt className="text-sm text-slate-700">Worker</dt>
                  <dd>
                    <Badge tone={status.data.components.job_queue.worker_active ? "green" : "gray"}>{status.data.components.job_queue.worker_active ? `${status.data.components.job_queue.workers_alive} running` : "no live worker"}</Badge>
                  </dd>
                </div>
                <div className="flex items-center justify-between gap-3 py-2">
                  <dt className="text-sm text-slate-700">Your queue</dt>
                  <dd className="text-sm tabular-nums text-slate-900">
                    {status.data.components.job_queue.queued_items} queued · {status.data.components.job_queue.processing_items} processing
                  </dd>
                </div>
                <div className="flex items-center justify-between gap-3 py-2">
                  <dt className="text-sm text-slate-700">Last item started</dt>
                  <dd className="text-sm text-slate-900">{timeAgo(status.data.components.job_queue.last_item_started_at)}</dd>
                </div>
              </dl>
              <p className="mt-2 text-xs text-slate-500">An idle worker leaves no trace: &quot;idle&quot; does not prove that none runs.</p>
            </Card>
            <LimitsCard limits={limits} rateLimit={status.data.api_key.rate_limit} />
          </div>
          <section aria-labelledby="capabilities-title" className="space-y-3">
            <h2 id="capabilities-title" className="text-sm font-semibold text-slate-900">
              Capabilities
            </h2>
            <p className="text-sm text-slate-600">Items still process when a capability is missing; they get what can be extracted and say what was skipped.</p>
            <ul className="grid grid-cols-1 gap-3 md:grid-cols-2">
              {Object.entries(status.data.capabilities).map(([name, capability]) => (
                <li key={name} data-testid={`capability-${name}`} className="rounded-lg border border-slate-200 bg-white p-4 shadow-sm">
                  <div className="flex flex-wrap items-center justify-between gap-2">
                    <h3 className="text-sm font-semibold text-slate-900">{label(name)}</h3>
                    <Badge tone={capability.available ? "green" : "amber"}>{capability.available ? "available" : "unavailable"}</Badge>
                  </div>
                  <p className="mt-1 text-sm text-slate-600">{capability.description.charAt(0).toUpperCase() + capability.description.slice(1)}</p>
                  <p className={`mt-2 break-words text-sm ${capability.available ? "text-slate-800" : "text-amber-900"}`}>
                    <span className="font-medium">{capability.available ? "Uses: " : "Why not: "}</span>
                    {capability.detail}
                  </p>
                </li>
              ))}
            </ul>
          </section>
        </div>
      )}
    </>
  );
}
