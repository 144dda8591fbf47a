import { ItemError, type ExtractedSection } from "@/lib/pipeline/types";

// A section holds whole lines up to about one default chunk, so chunk boundaries fall
// between records and every line keeps its full key path.
const SECTION_CHARS = 1_500;
// Paths this deep are no longer readable, and walking them recursively would exhaust the stack.
const MAX_DEPTH = 100;

/** One "path: value" line, and the top-level key it belongs to (the section label). */
export interface KeyLine {
  top: string;
  line: string;
}

/** `a.b[2].c: value` lines of a parsed JSON value, depth-first in document order. */
export function* jsonLines(value: unknown, path = "", top = "", depth = 0): Generator<KeyLine> {
  if (depth > MAX_DEPTH) throw new ItemError("content_limit_exceeded", `the JSON is nested more than ${MAX_DEPTH} levels deep`);
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) yield* jsonLines(value[i], `${path}[${i}]`, top || `[${i}]`, depth + 1);
  } else if (value !== null && typeof value === "object") {
    for (const [key, child] of Object.entries(value)) {
      const name = /^[A-Za-z_$][\w$-]*$/.test(key) ? key : JSON.stringify(key);
      yield* jsonLines(child, path ? `${path}.${name}` : name, top || name, depth + 1);
    }
  } else if (value !== null && value !== "") {
    yield { top, line: path ? `${path}: ${String(value)}` : String(value) };
  }
}

/** Groups key lines into sections labelled by their top-level key (or a range of them). */
export function keyLineSections(lines: Iterable<KeyLine>): ExtractedSection[] {
  const sections: ExtractedSection[] = [];
  let text = "";
  let first = "";
  let last = "";
  const flush = () => {
    if (text) sections.push({ text, label: first === last ? first : `${first} … ${last}` });
    text = "";
  };
  for (const { top, line } of lines) {
    if (text && text.length + line.length > SECTION_CHARS) flush();
    if (!text) first = top;
    last = top;
    text += `${line}\n`;
  }
  flush();
  return sections;
}
