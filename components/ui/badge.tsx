const TONES = {
  gray: "bg-slate-100 text-slate-700 ring-slate-200",
  blue: "bg-sky-50 text-sky-800 ring-sky-200",
  green: "bg-emerald-50 text-emerald-800 ring-emerald-200",
  amber: "bg-amber-50 text-amber-900 ring-amber-200",
  red: "bg-red-50 text-red-800 ring-red-200",
  violet: "bg-violet-50 text-violet-800 ring-violet-200",
} as const;

export type BadgeTone = keyof typeof TONES;

export function Badge({ tone = "gray", children }: { tone?: BadgeTone; children: React.ReactNode }) {
  return <span className={`inline-flex items-center rounded-full px-2 py-0.5 text-xs font-medium ring-1 ring-inset ${TONES[tone]}`}>{children}</span>;
}

/** One colour per batch/item status, the same on every page. */
export function statusTone(status: string): BadgeTone {
  switch (status) {
    case "completed":
    case "succeeded":
    case "ready":
    case "credited":
      return "green";
    case "running":
    case "processing":
      return "blue";
    case "created":
    case "queued":
    case "pending":
      return "amber";
    case "failed":
      return "red";
    case "skipped_duplicate":
      return "violet";
    default:
      return "gray";
  }
}

export function StatusBadge({ status }: { status: string }) {
  return <Badge tone={statusTone(status)}>{status.replace(/_/g, " ")}</Badge>;
}
