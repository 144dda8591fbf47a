import { ItemError } from "@/lib/pipeline/types";
import { readZip } from "@/lib/pipeline/extract/safe-zip";
import { refuseEncryptedOdf } from "@/lib/pipeline/extract/password-protected";
import type { Slide } from "@/lib/pipeline/extract/slide-model";
import { elementTexts, parseXml } from "@/lib/pipeline/extract/xml";

/** ODP slides (draw:page in order) from content.xml, notes from each page's presentation:notes. */
export async function readOdp(file: string, signal?: AbortSignal): Promise<{ slides: Slide[]; title?: string }> {
  const parts = await readZip(file, { keep: (n) => n === "content.xml" || n === "meta.xml" || n === "META-INF/manifest.xml", skipOthers: true, signal, format: "ODP" });
  refuseEncryptedOdf(parts.get("META-INF/manifest.xml"), ".odp");
  const content = parts.get("content.xml");
  if (!content) throw new ItemError("corrupt_media", "ODP file could not be read: it has no content.xml");
  const slides: Slide[] = [];
  let slide: Slide | null = null;
  let inNotes = 0;
  let frameClass = "";
  let paragraph: string | null = null;
  let firstParagraph: string | undefined;
  parseXml(content.toString("utf8"), "ODP content", {
    open: (tag) => {
      const a = tag.attributes as Record<string, string>;
      if (tag.name === "draw:page") {
        slide = { number: slides.length + 1, text: "", notes: "" };
        firstParagraph = undefined;
      } else if (!slide) return;
      else if (tag.name === "presentation:notes") inNotes++;
      else if (tag.name === "draw:frame") frameClass = a["presentation:class"] ?? "";
      else if (tag.name === "text:p" || tag.name === "text:h") paragraph = "";
      else if (paragraph !== null && (tag.name === "text:line-break" || tag.name === "text:tab" || tag.name === "text:s")) paragraph += tag.name === "text:line-break" ? "\n" : " ";
    },
    close: (tag) => {
      if (!slide) return;
      if (tag.name === "presentation:notes") inNotes--;
      else if ((tag.name === "text:p" || tag.name === "text:h") && paragraph !== null) {
        const p = paragraph.trim();
        paragraph = null;
        if (!p) return;
        if (inNotes > 0) slide.notes += `${p}\n`;
        else {
          slide.text += `${p}\n`;
          firstParagraph ??= p;
          if (frameClass === "title" && !slide.title) slide.title = p;
        }
      } else if (tag.name === "draw:page") {
        // Slides drawn without layout placeholders have no title frame: the first line stands in.
        slides.push({ ...slide, ...(!slide.title && firstParagraph && { title: firstParagraph }) });
        slide = null;
      }
    },
    text: (t) => {
      if (paragraph !== null) paragraph += t;
    },
  });
  const meta = parts.get("meta.xml")?.toString("utf8");
  const title = meta ? elementTexts(meta, "ODP meta", "title")[0] : undefined;
  return { slides, ...(title && { title }) };
}
