import { readFile } from "node:fs/promises";
import { ItemError, type Extraction, type Extractor } from "@/lib/pipeline/types";
import { ensureReadable, listShort, quoted, TextBudget, throwIfCancelled } from "@/lib/pipeline/extract/guards";
import { htmlText } from "@/lib/pipeline/extract/html-text";
import { jsonLines, keyLineSections, type KeyLine } from "@/lib/pipeline/extract/key-paths";
import { cleanSections, putText } from "@/lib/pipeline/extract/sections";
import { decodeBytes } from "@/lib/pipeline/extract/text-encoding";
import { xmlText } from "@/lib/pipeline/extract/xml-text";

/** .html .htm .hml .xml .json: readable text, with headings (HTML) or key paths (JSON, XML) kept. */
export const extractWeb: Extractor = async ({ path, extension, filename, signal }) => {
  throwIfCancelled(signal);
  await ensureReadable(path);
  const { text, encoding } = decodeBytes(await readFile(path));
  const budget = new TextBudget();
  switch (extension) {
    case ".html":
    case ".htm":
    case ".hml":
      return fromHtml(text, filename, encoding, budget);
    case ".xml":
      // XHTML is a web page that happens to be XML: its headings matter more than its paths.
      if (/^\s*(<\?xml[^>]*>\s*)?(<!--[\s\S]*?-->\s*)*(<!DOCTYPE html|<html[\s>])/i.test(text)) return fromHtml(text, filename, encoding, budget);
      return fromXml(text, filename, budget);
    case ".json":
      return fromJson(text, filename, budget);
    default:
      throw new ItemError("unsupported_media", `${extension || "this file type"} is not a web or data type`);
  }
};

function fromHtml(text: string, filename: string | undefined, encoding: string, budget: TextBudget): Extraction {
  const page = htmlText(text);
  for (const s of page.sections) budget.take(s.text);
  const metadata: Extraction["metadata"] = { encoding, headings: page.headings.length };
  putText(metadata, "title", page.title);
  const about = page.title ? `, titled '${page.title}'` : "";
  const heads = page.headings.length ? `; headings: ${listShort(page.headings, 6)}` : "";
  // Without a title or headings the description would only restate the file's name and type.
  return finish(page.sections, metadata, about || heads ? `Web page${quoted(filename)}${about}${heads}.` : undefined);
}

function fromXml(text: string, filename: string | undefined, budget: TextBudget): Extraction {
  const xml = xmlText(text, budget);
  const metadata = { root_element: xml.root, elements: xml.elements };
  return finish(xml.sections, metadata, `XML document${quoted(filename)} with root element <${xml.root}> and ${xml.elements} elements.`);
}

function fromJson(text: string, filename: string | undefined, budget: TextBudget): Extraction {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (err) {
    throw new ItemError("corrupt_media", `JSON could not be parsed: ${(err as Error).message}`);
  }
  const counted = function* (lines: Iterable<KeyLine>) {
    for (const l of lines) yield { top: l.top, line: budget.take(l.line) };
  };
  const sections = keyLineSections(counted(jsonLines(value)));
  const shape = Array.isArray(value)
    ? `an array of ${value.length} items`
    : value !== null && typeof value === "object"
      ? `an object with keys ${listShort(Object.keys(value))}`
      : `a single ${typeof value}`;
  const metadata = { json_type: Array.isArray(value) ? "array" : value === null ? "null" : typeof value };
  return finish(sections, metadata, `JSON data${quoted(filename)}: ${shape}.`);
}

function finish(sections: Extraction["sections"], metadata: Extraction["metadata"], description: string | undefined): Extraction {
  const cleaned = cleanSections(sections);
  return { sections: cleaned, ...(description && { description }), metadata: { ...metadata, characters: cleaned.reduce((n, s) => n + s.text.length, 0) } };
}
