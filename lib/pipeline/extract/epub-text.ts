import path from "node:path/posix";
import { ItemError, type Extraction, type ExtractedSection } from "@/lib/pipeline/types";
import { listShort, quoted, type TextBudget } from "@/lib/pipeline/extract/guards";
import { htmlText } from "@/lib/pipeline/extract/html-text";
import { readZip } from "@/lib/pipeline/extract/safe-zip";
import { cleanSections, putText } from "@/lib/pipeline/extract/sections";
import { elementTexts, localName, parseXml } from "@/lib/pipeline/extract/xml";

interface ManifestItem {
  href: string;
  type: string;
  properties: string;
}

/** EPUB chapters in spine (reading) order, labelled with their table-of-contents titles. */
export async function extractEpub(file: string, filename: string | undefined, budget: TextBudget, signal?: AbortSignal): Promise<Extraction> {
  const parts = await readZip(file, { keep: (n) => /\.(xml|opf|ncx|xhtml|html|htm)$/i.test(n), skipOthers: true, signal, format: "EPUB" });
  const text = (name: string) => parts.get(name)?.toString("utf8");
  const container = text("META-INF/container.xml");
  if (!container) throw new ItemError("corrupt_media", "EPUB file could not be read: it has no META-INF/container.xml");
  let opfPath = "";
  parseXml(container, "EPUB container", {
    open: (tag) => {
      if (localName(tag.name) === "rootfile" && !opfPath) opfPath = String(tag.attributes["full-path"] ?? "");
    },
  });
  const opf = text(opfPath);
  if (!opf) throw new ItemError("corrupt_media", `EPUB file could not be read: its package document ${opfPath || "(none named)"} is missing`);
  const base = path.dirname(opfPath);
  const resolve = (href: string) => path.normalize(path.join(base, decodeURIComponent(href.split("#")[0] ?? "")));
  const manifest = new Map<string, ManifestItem>();
  const spine: string[] = [];
  let ncxId = "";
  parseXml(opf, "EPUB package", {
    open: (tag) => {
      const a = tag.attributes as Record<string, string>;
      const name = localName(tag.name);
      if (name === "item" && a.id && a.href) manifest.set(a.id, { href: resolve(a.href), type: a["media-type"] ?? "", properties: a.properties ?? "" });
      else if (name === "itemref" && a.idref && a.linear !== "no") spine.push(a.idref);
      else if (name === "spine") ncxId = a.toc ?? "";
    },
  });
  const titles = tocTitles(manifest, ncxId, text);
  const sections: ExtractedSection[] = [];
  const chapters: string[] = [];
  for (const id of spine) {
    const item = manifest.get(id);
    const html = item && text(item.href);
    if (!item || !html || item.properties.includes("nav")) continue;
    const page = htmlText(html);
    if (page.sections.length === 0) continue;
    const chapter = titles.get(item.href) ?? page.headings[0] ?? page.title ?? `Chapter ${chapters.length + 1}`;
    chapters.push(chapter);
    for (const s of page.sections) {
      const label = s.label && !chapter.includes(s.label) ? `${chapter}: ${s.label}` : chapter;
      sections.push({ label, text: budget.take(s.text) });
    }
  }
  const cleaned = cleanSections(sections);
  const metadata: Extraction["metadata"] = { chapter_count: chapters.length };
  const title = elementTexts(opf, "EPUB package", "title")[0];
  const author = elementTexts(opf, "EPUB package", "creator")[0];
  putText(metadata, "title", title);
  putText(metadata, "author", author);
  putText(metadata, "language", elementTexts(opf, "EPUB package", "language")[0]);
  metadata.characters = cleaned.reduce((n, s) => n + s.text.length, 0);
  const description =
    `E-book${quoted(filename)}${title ? ` titled '${title}'` : ""}${author ? ` by ${author}` : ""}, ${chapters.length} chapter${chapters.length === 1 ? "" : "s"}` +
    `${chapters.length ? `: ${listShort(chapters, 10)}` : ""}.`;
  return { sections: cleaned, metadata, description };
}

/** Chapter file -> title, from the EPUB 3 nav document, else the EPUB 2 NCX. */
function tocTitles(manifest: Map<string, ManifestItem>, ncxId: string, text: (name: string) => string | undefined): Map<string, string> {
  const titles = new Map<string, string>();
  const nav = [...manifest.values()].find((m) => m.properties.split(/\s+/).includes("nav"));
  const ncx = manifest.get(ncxId) ?? [...manifest.values()].find((m) => m.type === "application/x-dtbncx+xml");
  const source = nav ?? ncx;
  const xml = source && text(source.href);
  if (!source || !xml) return titles;
  const dir = path.dirname(source.href);
  const add = (href: string, label: string) => {
    const key = path.normalize(path.join(dir, decodeURIComponent(href.split("#")[0] ?? "")));
    const clean = label.replace(/\s+/g, " ").trim();
    if (clean && !titles.has(key)) titles.set(key, clean);
  };
  let href = "";
  let label: string | null = null;
  parseXml(xml, source === nav ? "EPUB navigation" : "EPUB NCX", {
    open: (tag) => {
      const name = localName(tag.name);
      if (name === "a" && source === nav) [href, label] = [String(tag.attributes.href ?? ""), ""];
      else if (name === "text" && source !== nav) label = "";
      else if (name === "content" && source !== nav && label !== null) add(String(tag.attributes.src ?? ""), label);
    },
    close: (tag) => {
      if (localName(tag.name) === "a" && source === nav && label !== null) add(href, label);
      if (localName(tag.name) === "a" || localName(tag.name) === "navPoint") label = null;
    },
    text: (t) => {
      if (label !== null) label += t;
    },
  });
  return titles;
}
