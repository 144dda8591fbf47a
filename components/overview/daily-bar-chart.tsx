import { useId } from "react";

export interface DailyValue {
  /** YYYY-MM-DD (UTC). */
  date: string;
  value: number;
}

const BAR_WIDTH = 10;
const GAP = 3;
const HEIGHT = 96;

const dayLabel = new Intl.DateTimeFormat("en-US", { month: "short", day: "numeric", timeZone: "UTC" });
export const formatDay = (date: string) => dayLabel.format(new Date(`${date}T00:00:00Z`));

/**
 * One bar per day. The SVG is a picture for sighted readers (role="img" with a summary as its
 * name); the same numbers are in a table under "Show the numbers" for everyone else.
 */
export function DailyBarChart({ title, values, format, summary, today }: { title: string; values: DailyValue[]; format: (value: number) => string; summary: string; today: string }) {
  const id = useId();
  const max = Math.max(0, ...values.map((v) => v.value));
  const width = values.length * (BAR_WIDTH + GAP) - GAP;
  // Weekly labels from the 1st, and the last day; a weekly one too close to the last is dropped so they never overlap.
  const ticks = values.filter((_, i) => (i % 7 === 0 && i < values.length - 4) || i === values.length - 1);
  return (
    <figure className="min-w-0" aria-labelledby={`${id}-title`}>
      <figcaption id={`${id}-title`} className="text-sm font-semibold text-slate-900">
        {title}
      </figcaption>
      <p id={`${id}-summary`} className="mt-0.5 text-sm text-slate-600">
        {summary}
      </p>
      <div className="mt-3 flex gap-2">
        <div className="flex w-14 shrink-0 flex-col justify-between text-right text-xs tabular-nums text-slate-500" aria-hidden>
          <span>{max > 0 ? format(max) : ""}</span>
          <span>{format(0)}</span>
        </div>
        <div className="min-w-0 flex-1">
          <svg
            viewBox={`0 0 ${width} ${HEIGHT}`}
            preserveAspectRatio="none"
            role="img"
            aria-labelledby={`${id}-title ${id}-summary`}
            className="block h-28 w-full border-b border-l border-slate-300"
          >
            {values.map((v, i) => {
              const height = max > 0 && v.value > 0 ? Math.max(2, (v.value / max) * (HEIGHT - 4)) : 0;
              return (
                <rect
                  key={v.date}
                  x={i * (BAR_WIDTH + GAP)}
                  y={HEIGHT - height}
                  width={BAR_WIDTH}
                  height={height}
                  rx={1.5}
                  className={v.date === today ? "fill-indigo-700" : v.date > today ? "fill-slate-200" : "fill-indigo-400"}
                >
                  <title>{`${formatDay(v.date)}: ${format(v.value)}`}</title>
                </rect>
              );
            })}
          </svg>
          <div className="relative mt-1 h-4 text-xs text-slate-500" aria-hidden>
            {ticks.map((v) => {
              const index = values.indexOf(v);
              const left = ((index * (BAR_WIDTH + GAP) + BAR_WIDTH / 2) / width) * 100;
              const align = index === 0 ? "translate-x-0" : index === values.length - 1 ? "-translate-x-full" : "-translate-x-1/2";
              return (
                <span key={v.date} className={`absolute whitespace-nowrap ${align}`} style={{ left: `${left}%` }}>
                  {formatDay(v.date)}
                </span>
              );
            })}
          </div>
        </div>
      </div>
    </figure>
  );
}
