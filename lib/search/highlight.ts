const MAX_HIGHLIGHT = 240;

/**
 * A short excerpt of `text` around the query's words, with matches wrapped in <mark>, for
 * hits that came from vector search only (lexical hits use Postgres' ts_headline).
 */
export function highlightText(text: string, query: string): string {
  const words = [...new Set(query.toLowerCase().match(/[\p{L}\p{N}]{3,}/gu) ?? [])];
  const sentences = text.match(/[^.!?\n]+[.!?]?/g) ?? [text];
  let best = sentences[0] ?? "";
  let bestHits = -1;
  for (const sentence of sentences) {
    const lower = sentence.toLowerCase();
    const hits = words.filter((w) => lower.includes(w)).length;
    if (hits > bestHits) [best, bestHits] = [sentence, hits];
  }
  let excerpt = best.trim();
  if (excerpt.length > MAX_HIGHLIGHT) excerpt = `${excerpt.slice(0, MAX_HIGHLIGHT).replace(/\s+\S*$/, "")}…`;
  const escaped = excerpt.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
  if (words.length === 0) return escaped;
  const pattern = new RegExp(`(${words.map((w) => w.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")).join("|")})`, "giu");
  return escaped.replace(pattern, "<mark>$1</mark>");
}
