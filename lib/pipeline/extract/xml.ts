import { SaxesParser, type SaxesTagPlain } from "saxes";
import { ItemError } from "@/lib/pipeline/types";

export interface XmlHandlers {
  open?: (tag: SaxesTagPlain) => void;
  close?: (tag: SaxesTagPlain) => void;
  text?: (text: string) => void;
}

/**
 * Parses XML with saxes, which never reads a DTD and never expands declared entities, so no
 * file or URL is fetched (XXE) and nothing grows exponentially (billion laughs). Documents
 * that declare entities are refused outright: their text would depend on entities Tessera
 * does not expand. References to undeclared entities (&nbsp; in hand-made XML) stay as
 * written instead of failing the file.
 */
export function parseXml(xml: string, format: string, on: XmlHandlers): void {
  const parser = new SaxesParser();
  parser.on("doctype", (doctype) => {
    if (/<!ENTITY/i.test(doctype)) {
      throw new ItemError("corrupt_media", `${format} declares entities in its DTD, which are not expanded (entity expansion is refused for safety)`);
    }
  });
  parser.on("error", (err) => {
    if (/undefined entity/.test(err.message)) return;
    throw err;
  });
  if (on.open) parser.on("opentag", on.open);
  if (on.close) parser.on("closetag", on.close);
  if (on.text) parser.on("text", on.text);
  if (on.text) parser.on("cdata", on.text);
  try {
    parser.write(xml).close();
  } catch (err) {
    if (err instanceof ItemError) throw err;
    throw new ItemError("corrupt_media", `${format} is not valid XML: ${(err as Error).message}`);
  }
}

/** Local name of a possibly prefixed tag: "a:t" -> "t". */
export const localName = (name: string): string => name.slice(name.indexOf(":") + 1);

/** The text of every element named `name` (prefix ignored), e.g. all <dc:title> values. */
export function elementTexts(xml: string, format: string, name: string): string[] {
  const out: string[] = [];
  let depth = 0;
  let current = "";
  parseXml(xml, format, {
    open: (tag) => {
      if (localName(tag.name) === name && depth++ === 0) current = "";
    },
    close: (tag) => {
      if (localName(tag.name) === name && --depth === 0) out.push(current.trim());
    },
    text: (t) => {
      if (depth > 0) current += t;
    },
  });
  return out;
}
