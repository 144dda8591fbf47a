import type { ExtractedSection } from "@/lib/pipeline/types";

/**
 * Collapses runs of spaces and blank lines while keeping paragraph breaks ("\n\n") and line
 * breaks, and drops invisible characters that only split words for the tokenizer.
 */
export function normaliseText(text: string): string {
  return text
    .replace(/\r\n?/g, "\n")
    .replace(/\f/g, "\n\n")
    .replace(/[\u00ad\u200b\u200c\u200d\u2060\ufeff]/g, "")
    .replace(/[\u0000-\u0008\u000b\u000e-\u001f\u007f]/g, "")
    .replace(/[\t\u00a0\u2000-\u200a\u202f\u205f\u3000 ]+/g, " ")
    .replace(/ ?\n ?/g, "\n")
    .replace(/\n{3,}/g, "\n\n")
    .trim();
}

/** Normalised sections with empty ones dropped. */
export function cleanSections(sections: ExtractedSection[]): ExtractedSection[] {
  const out: ExtractedSection[] = [];
  for (const s of sections) {
    const text = normaliseText(s.text);
    if (!text) continue;
    const label = s.label === undefined ? undefined : normaliseText(s.label).replace(/\n/g, " ");
    out.push({ text, ...(s.page !== undefined && { page: s.page }), ...(label && { label }) });
  }
  return out;
}

// Unstructured text is cut at paragraph boundaries into sections of a size a reader can
// display; the chunker re-splits by tokens anyway, so the exact figure is not a contract.
const GROUP_CHARS = 8_000;

/** Splits unstructured text into sections of whole paragraphs. */
export function groupParagraphs(text: string): ExtractedSection[] {
  const sections: ExtractedSection[] = [];
  let current = "";
  for (const paragraph of normaliseText(text).split("\n\n")) {
    if (current && current.length + paragraph.length > GROUP_CHARS) {
      sections.push({ text: current });
      current = "";
    }
    current = current ? `${current}\n\n${paragraph}` : paragraph;
  }
  if (current) sections.push({ text: current });
  return sections;
}

const ENTITIES: Record<string, string> = { amp: "&", lt: "<", gt: ">", quot: '"', apos: "'", nbsp: "\u00a0" };

/** Decodes the entities that XML and simple generated HTML use. */
export function decodeEntities(text: string): string {
  return text.replace(/&(#x[0-9a-f]+|#\d+|[a-z]+);/gi, (whole, ref: string) => {
    if (ref[0] !== "#") return ENTITIES[ref.toLowerCase()] ?? whole;
    const code = ref[1] === "x" || ref[1] === "X" ? parseInt(ref.slice(2), 16) : parseInt(ref.slice(1), 10);
    return code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : whole;
  });
}

/** Adds a string metadata field only when it has content. */
export function putText(metadata: Record<string, string | number | boolean>, key: string, value: unknown): void {
  if (typeof value !== "string") return;
  const clean = normaliseText(value).replace(/\n/g, " ");
  if (clean) metadata[key] = clean;
}
