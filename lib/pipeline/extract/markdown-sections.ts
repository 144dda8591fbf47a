import type { ExtractedSection } from "@/lib/pipeline/types";

const ATX = /^ {0,3}(#{1,6})(?:[ \t]+(.*?))?(?:[ \t]+#+)?[ \t]*$/;
const SETEXT = /^ {0,3}(=+|-+)[ \t]*$/;
const FENCE = /^ {0,3}(`{3,}|~{3,})/;

/**
 * Markdown split at headings (ATX and setext, not inside code fences). Each section keeps its
 * heading as its first line, so a search for the heading finds the section.
 */
export function markdownSections(source: string): ExtractedSection[] {
  const sections: ExtractedSection[] = [{ text: "" }];
  let lines: string[] = [];
  let fence: string | null = null;
  const start = (label: string) => {
    sections[sections.length - 1]!.text = lines.join("\n");
    sections.push({ label, text: "" });
    lines = [label];
  };
  for (const line of source.split(/\r\n?|\n/)) {
    const f = FENCE.exec(line)?.[1];
    if (fence !== null) {
      if (f && f[0] === fence[0] && f.length >= fence.length) fence = null;
      lines.push(line);
    } else if (f) {
      fence = f;
      lines.push(line);
    } else if (ATX.test(line)) {
      start((ATX.exec(line)?.[2] ?? "").trim());
    } else if (SETEXT.test(line) && lines.length > 0 && (lines[lines.length - 1] ?? "").trim() && !(line.trim().startsWith("-") && isListish(lines))) {
      const label = lines.pop()!.trim();
      start(label);
    } else lines.push(line);
  }
  sections[sections.length - 1]!.text = lines.join("\n");
  return sections.map((s) => ({ ...s, text: inlineText(s.text) }));
}

function isListish(lines: string[]): boolean {
  return /^\s*([-*+]|\d+[.)])\s/.test(lines[lines.length - 1] ?? "");
}

/** Links and images keep their words; the URLs carry no meaning for search. */
function inlineText(text: string): string {
  return text.replace(/!?\[([^\]]*)\]\([^)]*\)/g, "$1");
}
