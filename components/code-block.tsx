/** A block of shell or code, scrollable on narrow screens. */
export function CodeBlock({ children, label }: { children: string; label: string }) {
  return (
    <pre aria-label={label} className="mt-3 overflow-x-auto rounded-lg bg-slate-900 p-4 text-sm leading-relaxed text-slate-100">
      <code>{children}</code>
    </pre>
  );
}
