// Number formatting and the side-by-side table.

export const MIB = 1024 * 1024;

export function median(values: readonly number[]): number {
  const s = [...values].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
}

export const mib = (bytes: number, digits = 1) => (bytes / MIB).toFixed(digits);

export function table(headers: string[], rows: string[][], rightAlignFrom = 1): string {
  const widths = headers.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? "").length)));
  const cell = (v: string, i: number) => (i >= rightAlignFrom ? v.padStart(widths[i]!) : v.padEnd(widths[i]!));
  const line = (r: string[]) => r.map(cell).join(" | ");
  return [line(headers), widths.map((w) => "-".repeat(w)).join("-|-"), ...rows.map(line)].join("\n");
}
