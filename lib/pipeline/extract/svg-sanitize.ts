import { SaxesParser } from "saxes";
import { ItemError } from "@/lib/pipeline/types";

// An uploaded SVG is hostile until proven otherwise: it may carry scripts, HTML in a
// foreignObject, or references to other files and URLs that a renderer could fetch (a
// server-side request forgery, or a local file read). librsvg runs no scripts, but rather
// than rely on which references a given librsvg build follows, the document is rebuilt with
// only self-contained content: no scripts, no foreign content, no processing instructions or
// DTD, references only to fragments ("#id") and to embedded raster images.

const DROPPED_ELEMENTS = new Set(["script", "foreignobject", "iframe", "object", "embed", "audio", "video", "handler", "listener"]);
const SAFE_DATA_URL = /^\s*data:image\/(png|jpe?g|gif|webp);/i;
const URL_FUNCTION = /url\(\s*(['"]?)\s*([^'")\s]*)/gi;

const localName = (qname: string) => qname.slice(qname.indexOf(":") + 1).toLowerCase();
const escapeText = (s: string) => s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
const escapeAttr = (s: string) => escapeText(s).replace(/"/g, "&quot;");

function safeReference(value: string): boolean {
  const v = value.trim();
  return v.startsWith("#") || SAFE_DATA_URL.test(v);
}

/** True when every url(...) in a style or presentation attribute points inside the document. */
function urlsAreLocal(value: string): boolean {
  for (const m of value.matchAll(URL_FUNCTION)) if (!safeReference(m[2] ?? "")) return false;
  return true;
}

function cleanStyleSheet(css: string): string {
  return css.replace(/@import[^;]*;?/gi, "").replace(/url\(\s*(['"]?)\s*([^'")\s]*)\s*\1\s*\)/gi, (whole, _q, target: string) => (safeReference(target) ? whole : "none"));
}

export interface SanitizedSvg {
  svg: string;
  /** What was removed, for the item's metadata. */
  removed: string[];
}

/** The SVG rebuilt without anything that runs or fetches; corrupt_media when it is not XML. */
export function sanitizeSvg(source: string): SanitizedSvg {
  const out: string[] = [];
  const removed = new Set<string>();
  let skipDepth = 0;
  let inStyle = false;
  let sawSvg = false;
  const parser = new SaxesParser({ xmlns: false });
  parser.on("doctype", () => removed.add("DTD"));
  parser.on("processinginstruction", (pi) => void removed.add(`processing instruction ${pi.target}`));
  parser.on("opentag", (tag) => {
    const name = localName(tag.name);
    if (skipDepth > 0 || DROPPED_ELEMENTS.has(name)) {
      if (skipDepth === 0) removed.add(`<${tag.name}>`);
      skipDepth++;
      return;
    }
    if (name === "svg") sawSvg = true;
    inStyle = name === "style";
    const attrs: string[] = [];
    for (const [key, raw] of Object.entries(tag.attributes)) {
      const value = String(raw);
      const attr = localName(key);
      if (attr.startsWith("on")) removed.add(`event handler ${key}`);
      else if (attr === "href" && !safeReference(value)) removed.add(`reference ${value.slice(0, 80)}`);
      else if (!urlsAreLocal(value)) removed.add(`url() in ${key}`);
      else attrs.push(` ${key}="${escapeAttr(attr === "style" ? cleanStyleSheet(value) : value)}"`);
    }
    out.push(`<${tag.name}${attrs.join("")}${tag.isSelfClosing ? "/>" : ">"}`);
  });
  parser.on("closetag", (tag) => {
    if (skipDepth > 0) return void skipDepth--;
    inStyle = false;
    if (!tag.isSelfClosing) out.push(`</${tag.name}>`);
  });
  const onText = (t: string) => {
    if (skipDepth === 0) out.push(escapeText(inStyle ? cleanStyleSheet(t) : t));
  };
  parser.on("text", onText);
  parser.on("cdata", onText);
  try {
    parser.write(source).close();
  } catch (err) {
    throw new ItemError("corrupt_media", `SVG is not valid XML: ${(err as Error).message.split("\n")[0]}`);
  }
  if (!sawSvg) throw new ItemError("corrupt_media", "SVG file has no <svg> element");
  return { svg: out.join(""), removed: [...removed] };
}
