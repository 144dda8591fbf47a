import { parserReason } from "@/lib/pipeline/extract/parser-errors";
import { readFile } from "node:fs/promises";
import mammoth from "mammoth";
import { ItemError, type Extraction, type ExtractedSection } from "@/lib/pipeline/types";
import { readZip } from "@/lib/pipeline/extract/safe-zip";
import { cleanSections, decodeEntities, putText } from "@/lib/pipeline/extract/sections";

/**
 * DOCX through mammoth, whose style map turns Word headings into <h1>-<h6> (by style name,
 * so localised style ids still work); headings start sections.
 */
export async function extractDocx(path: string, signal?: AbortSignal): Promise<Extraction> {
  // Inflating every entry first, within the bomb limits, is what makes it safe to hand the
  // package to mammoth (JSZip), which trusts the sizes it finds.
  const parts = await readZip(path, { keep: (n) => n === "docProps/core.xml", signal, format: "DOCX" });
  if (signal?.aborted) throw new ItemError("timeout", "extraction was cancelled");
  let html: string;
  try {
    const result = await mammoth.convertToHtml(
      { buffer: await readFile(path) },
      // Pictures are not text: never read them.
      { convertImage: mammoth.images.imgElement(async () => ({ src: "" })) },
    );
    html = result.value;
  } catch (err) {
    throw new ItemError("corrupt_media", `DOCX could not be read: ${parserReason((err as Error).message)}`);
  }
  const sections = cleanSections(htmlSections(html));
  const metadata: Extraction["metadata"] = {};
  const core = parts.get("docProps/core.xml")?.toString("utf8") ?? "";
  putText(metadata, "title", decodeEntities(/<dc:title>([^<]*)</.exec(core)?.[1] ?? ""));
  putText(metadata, "author", decodeEntities(/<dc:creator>([^<]*)</.exec(core)?.[1] ?? ""));
  metadata.characters = sections.reduce((sum, s) => sum + s.text.length, 0);
  return { sections, metadata };
}

/** Splits mammoth's simple, well-formed HTML at headings and flattens each part to text. */
function htmlSections(html: string): ExtractedSection[] {
  const sections: ExtractedSection[] = [];
  let label: string | undefined;
  let last = 0;
  const heading = /<h[1-6][^>]*>([\s\S]*?)<\/h[1-6]>/g;
  for (let m = heading.exec(html); m; m = heading.exec(html)) {
    sections.push({ text: htmlText(html.slice(last, m.index)), label });
    label = htmlText(m[1] ?? "");
    last = m.index;
  }
  sections.push({ text: htmlText(html.slice(last)), label });
  return sections;
}

function htmlText(html: string): string {
  const text = html
    .replace(/<br\s*\/?>/g, "\n")
    .replace(/<\/(p|h[1-6]|li|tr|table|ul|ol)>/g, "\n\n")
    .replace(/<\/t[dh]>/g, "\t")
    .replace(/<[^>]*>/g, "");
  return decodeEntities(text);
}
