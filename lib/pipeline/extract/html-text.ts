import { Parser } from "htmlparser2";
import { ItemError, type ExtractedSection } from "@/lib/pipeline/types";
import { cleanSections } from "@/lib/pipeline/extract/sections";

/** Content that is never readable text. */
const DROPPED = new Set(["script", "style", "noscript", "template", "svg", "math", "iframe", "object", "head"]);
/** Elements that end a line of text; everything else is inline. */
const BLOCKS = new Set([
  "p", "div", "section", "article", "aside", "header", "footer", "nav", "main", "blockquote", "pre", "ul", "ol", "li",
  "dl", "dt", "dd", "table", "tr", "caption", "figure", "figcaption", "form", "fieldset", "address", "hr", "br",
]);
const HEADING = /^h[1-6]$/;

export interface HtmlText {
  sections: ExtractedSection[];
  title?: string;
  /** The h1-h6 texts, in order. */
  headings: string[];
}

/**
 * Readable text of an HTML (or XHTML) page, split at h1-h6 into sections labelled with the
 * heading; scripts, styles and other non-text content are dropped. htmlparser2 is a
 * tolerant tokenizer: broken markup still yields its text, and it never fetches anything.
 */
export function htmlText(html: string): HtmlText {
  refuseDeepNesting(html);
  const sections: ExtractedSection[] = [{ text: "" }];
  const headings: string[] = [];
  let dropped = 0;
  let inTitle = false;
  let title = "";
  let heading: string | null = null;
  const append = (s: string) => {
    if (heading !== null) heading += s;
    else sections[sections.length - 1]!.text += s;
  };
  const parser = new Parser(
    {
      onopentag(name) {
        if (name === "title") inTitle = true;
        else if (DROPPED.has(name) || dropped > 0) dropped++;
        else if (HEADING.test(name)) heading = "";
        else if (BLOCKS.has(name)) append("\n");
        else if (name === "td" || name === "th") append("\t");
      },
      // htmlparser2 closes every element it opened (void and unclosed ones too), so the
      // depth count of dropped content stays balanced.
      onclosetag(name) {
        if (name === "title") inTitle = false;
        else if (dropped > 0) dropped--;
        else if (HEADING.test(name) && heading !== null) {
          const label = heading.replace(/\s+/g, " ").trim();
          heading = null;
          if (label) {
            headings.push(label);
            sections.push({ label, text: `${label}\n\n` });
          }
        } else if (BLOCKS.has(name)) append("\n\n");
      },
      ontext(text) {
        if (inTitle) title += text;
        else if (dropped === 0) append(text);
      },
    },
    { decodeEntities: true, lowerCaseTags: true, recognizeSelfClosing: true },
  );
  parser.end(html);
  const cleanTitle = title.replace(/\s+/g, " ").trim();
  return { sections: cleanSections(sections), headings, ...(cleanTitle && { title: cleanTitle }) };
}

/**
 * How deep elements may nest. Browsers stop nesting at 512 (deeper elements become siblings);
 * htmlparser2 keeps its open elements in an array it shifts at the front, so each element
 * costs as much as the depth: a million unclosed <div>s would hold the worker for minutes.
 */
export const MAX_HTML_DEPTH = 5_000;
/** Elements that never hold others, and those a parser closes by itself (an unclosed <p>, <li>, <td>). */
const NOT_NESTING = new Set([
  "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param", "source", "track", "wbr", "frame", "keygen",
  "p", "li", "dt", "dd", "tr", "td", "th", "thead", "tbody", "tfoot", "option", "optgroup", "rp", "rt", "colgroup", "caption",
]);
const TAG = /<(\/?)([a-zA-Z][\w:-]*)[^<>]*?(\/?)>/g;

/** A cheap pass before parsing: counts open elements from the tags alone, in one linear scan. */
function refuseDeepNesting(html: string): void {
  let depth = 0;
  let deepest = 0;
  for (const [, closing, rawName, selfClosing] of html.matchAll(TAG)) {
    const name = rawName!.toLowerCase();
    if (selfClosing || NOT_NESTING.has(name)) continue;
    if (closing) depth = Math.max(0, depth - 1);
    else if (++depth > deepest) deepest = depth;
  }
  if (deepest > MAX_HTML_DEPTH) {
    throw new ItemError("content_limit_exceeded", `the markup nests elements ${deepest} deep; the limit is ${MAX_HTML_DEPTH}`);
  }
}
