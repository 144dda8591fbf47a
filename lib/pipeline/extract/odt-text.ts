import { SaxesParser } from "saxes";
import { ItemError, type Extraction, type ExtractedSection } from "@/lib/pipeline/types";
import { readZip } from "@/lib/pipeline/extract/safe-zip";
import { refuseEncryptedOdf } from "@/lib/pipeline/extract/password-protected";
import { cleanSections, decodeEntities, putText } from "@/lib/pipeline/extract/sections";

/** Elements whose text is not body text: notes, comments and tracked deletions. */
const SKIPPED = new Set(["text:note", "office:annotation", "text:tracked-changes", "text:bookmark-ref"]);

/** ODT from content.xml: text:h starts a section labelled with its text. */
export async function extractOdt(path: string, signal?: AbortSignal): Promise<Extraction> {
  const wanted = new Set(["content.xml", "meta.xml", "META-INF/manifest.xml"]);
  const parts = await readZip(path, { keep: (n) => wanted.has(n), skipOthers: true, signal, format: "ODT" });
  refuseEncryptedOdf(parts.get("META-INF/manifest.xml"), ".odt");
  const content = parts.get("content.xml");
  if (!content) throw new ItemError("corrupt_media", "ODT file could not be read: it has no content.xml");
  const sections = cleanSections(parseContent(content.toString("utf8")));
  const meta = parts.get("meta.xml")?.toString("utf8") ?? "";
  const metadata: Extraction["metadata"] = {};
  putText(metadata, "title", decodeEntities(/<dc:title>([^<]*)</.exec(meta)?.[1] ?? ""));
  const author = /<dc:creator>([^<]*)</.exec(meta)?.[1] ?? /<meta:initial-creator>([^<]*)</.exec(meta)?.[1];
  putText(metadata, "author", decodeEntities(author ?? ""));
  metadata.characters = sections.reduce((sum, s) => sum + s.text.length, 0);
  return { sections, metadata };
}

function parseContent(xml: string): ExtractedSection[] {
  const sections: ExtractedSection[] = [{ text: "" }];
  const current = () => sections[sections.length - 1]!;
  let skipDepth = 0;
  let paragraph: string | null = null;
  let heading = false;
  const endParagraph = () => {
    if (paragraph === null) return;
    if (heading) sections.push({ label: paragraph, text: "" });
    current().text += `${paragraph}\n\n`;
    paragraph = null;
    heading = false;
  };
  const parser = new SaxesParser();
  parser.on("opentag", (tag) => {
    if (skipDepth > 0 || SKIPPED.has(tag.name)) return void skipDepth++;
    if (tag.name === "text:p" || tag.name === "text:h") {
      // A paragraph nested in a frame inside another paragraph ends the outer one first.
      endParagraph();
      paragraph = "";
      heading = tag.name === "text:h";
    } else if (paragraph !== null) {
      if (tag.name === "text:s") paragraph += " ".repeat(Math.min(Number(tag.attributes["text:c"] ?? 1) || 1, 100));
      else if (tag.name === "text:tab") paragraph += "\t";
      else if (tag.name === "text:line-break") paragraph += "\n";
    }
  });
  parser.on("closetag", (tag) => {
    if (skipDepth > 0) return void skipDepth--;
    if (tag.name === "text:p" || tag.name === "text:h") endParagraph();
  });
  parser.on("text", (t) => {
    if (skipDepth === 0 && paragraph !== null) paragraph += t;
  });
  try {
    parser.write(xml).close();
  } catch (err) {
    throw new ItemError("corrupt_media", `ODT content is not valid XML: ${(err as Error).message}`);
  }
  return sections;
}
