import { highlightParts } from "@/lib/console/highlight-parts";

/** Renders a highlight as React text and <mark> elements: no server string becomes HTML. */
export function Highlight({ value }: { value: string }) {
  return (
    <>
      {highlightParts(value).map((part, i) =>
        part.mark ? (
          <mark key={i} className="rounded-sm bg-amber-100 px-0.5 text-slate-900">
            {part.text}
          </mark>
        ) : (
          <span key={i}>{part.text}</span>
        ),
      )}
    </>
  );
}
