import type { ReactNode } from "react";

/**
 * A column heading: its text, or the text plus how the column reads. `numeric` aligns right,
 * `wideOnly` hides the column on a phone (its cells use `wideOnly` too), `srOnly` keeps the
 * label for screen readers only (an actions column), `sticky` pins the column to the right
 * edge so its buttons stay in reach while a phone scrolls the table.
 */
export type Column = string | { label: string; numeric?: boolean; wideOnly?: boolean; srOnly?: boolean; sticky?: boolean };

/** Cells of a column hidden on a phone, to match its `wideOnly` heading. */
export const wideOnly = "hidden sm:table-cell";

function Heading({ column }: { column: Column }) {
  const c = typeof column === "string" ? { label: column } : column;
  // Positioned either way, so the absolutely placed sr-only label stays inside the scrolling box.
  const position = c.sticky ? "sticky right-0 bg-slate-50" : c.srOnly ? "relative" : null;
  const classes = [th, c.numeric && "text-right", c.wideOnly && wideOnly, position].filter(Boolean).join(" ");
  return <th className={classes}>{c.srOnly ? <span className="sr-only">{c.label}</span> : c.label}</th>;
}

/** Tables scroll sideways on a phone instead of squeezing their columns. Falsy columns are left out. */
export function Table({ caption, columns, children }: { caption: string; columns: Array<Column | false | null | undefined>; children: ReactNode }) {
  return (
    <div className="relative overflow-x-auto rounded-lg border border-slate-200 bg-white shadow-sm">
      <table className="min-w-full divide-y divide-slate-200 text-sm">
        <caption className="sr-only">{caption}</caption>
        <thead className="bg-slate-50 text-left text-xs font-semibold uppercase tracking-wide text-slate-600">
          <tr>
            {columns
              .filter((column): column is Column => Boolean(column))
              .map((column) => (
                <Heading key={typeof column === "string" ? column : column.label} column={column} />
              ))}
          </tr>
        </thead>
        <tbody className="divide-y divide-slate-100">{children}</tbody>
      </table>
    </div>
  );
}

export const th = "px-3 py-2 whitespace-nowrap";
export const td = "px-3 py-2 align-top";
