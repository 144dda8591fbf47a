import path from "node:path/posix";
import { ItemError } from "@/lib/pipeline/types";
import { readZip } from "@/lib/pipeline/extract/safe-zip";
import type { Slide } from "@/lib/pipeline/extract/slide-model";
import { elementTexts, localName, parseXml } from "@/lib/pipeline/extract/xml";

// Placeholders that repeat on every slide or notes page and carry no content.
const CHROME = new Set(["sldNum", "dt", "ftr", "hdr", "sldImg"]);

/** PPTX slides in presentation order (p:sldIdLst), each with the text of its notes slide. */
export async function readPptx(file: string, signal?: AbortSignal): Promise<{ slides: Slide[]; title?: string }> {
  const keep = (n: string) => n === "docProps/core.xml" || /^ppt\/(presentation\.xml|_rels\/presentation\.xml\.rels|(slides|notesSlides)\/([^/]+\.xml|_rels\/[^/]+\.rels))$/.test(n);
  const parts = await readZip(file, { keep, skipOthers: true, signal, format: "PPTX" });
  const text = (name: string) => parts.get(name)?.toString("utf8");
  const presentation = text("ppt/presentation.xml");
  if (!presentation) throw new ItemError("corrupt_media", "PPTX file could not be read: it has no ppt/presentation.xml");
  const rels = relationships(text("ppt/_rels/presentation.xml.rels"), "ppt");
  const order: string[] = [];
  parseXml(presentation, "PPTX presentation", {
    open: (tag) => {
      const target = localName(tag.name) === "sldId" && rels.get(String(tag.attributes["r:id"] ?? ""));
      if (target) order.push(target);
    },
  });
  const slides: Slide[] = order.map((part, i) => {
    const shapes = shapeTexts(text(part) ?? "", `PPTX slide ${i + 1}`);
    const slideRels = relationships(text(`${path.dirname(part)}/_rels/${path.basename(part)}.rels`), path.dirname(part));
    const notesPart = [...slideRels.values()].find((t) => t.includes("notesSlides/"));
    const notes = notesPart ? shapeTexts(text(notesPart) ?? "", `PPTX notes ${i + 1}`).filter((s) => !CHROME.has(s.type)) : [];
    // Slides drawn without layout placeholders have no title shape: the first line stands in.
    const title = (shapes.find((s) => s.type === "title" || s.type === "ctrTitle") ?? shapes[0])?.text.split("\n")[0];
    return {
      number: i + 1,
      ...(title && { title }),
      text: shapes.filter((s) => !CHROME.has(s.type)).map((s) => s.text).join("\n\n"),
      notes: notes.map((s) => s.text).join("\n\n"),
    };
  });
  const core = text("docProps/core.xml");
  const title = core ? elementTexts(core, "PPTX properties", "title")[0] : undefined;
  return { slides, ...(title && { title }) };
}

/** Relationship id -> part name, resolved against the folder of the part that owns them. */
function relationships(xml: string | undefined, base: string): Map<string, string> {
  const map = new Map<string, string>();
  if (!xml) return map;
  parseXml(xml, "PPTX relationships", {
    open: (tag) => {
      if (localName(tag.name) !== "Relationship" || tag.attributes.TargetMode === "External") return;
      const target = String(tag.attributes.Target ?? "");
      map.set(String(tag.attributes.Id), target.startsWith("/") ? target.slice(1) : path.normalize(path.join(base, target)));
    },
  });
  return map;
}

/** The text of each shape (p:sp) with its placeholder type ("" when it is not one). */
function shapeTexts(xml: string, format: string): { type: string; text: string }[] {
  const shapes: { type: string; text: string }[] = [];
  let shape: { type: string; text: string } | null = null;
  let inText = false;
  parseXml(xml, format, {
    open: (tag) => {
      const name = localName(tag.name);
      if (name === "sp") shape = { type: "", text: "" };
      else if (shape && name === "ph") shape.type = String(tag.attributes.type ?? "body");
      else if (shape && name === "t") inText = true;
      else if (shape && name === "br") shape.text += "\n";
    },
    close: (tag) => {
      const name = localName(tag.name);
      if (name === "t") inText = false;
      else if (shape && name === "p") shape.text += "\n";
      else if (shape && name === "sp") {
        if (shape.text.trim()) shapes.push({ type: shape.type, text: shape.text.trim() });
        shape = null;
      }
    },
    text: (t) => {
      if (shape && inText) shape.text += t;
    },
  });
  return shapes;
}
