import { readFile } from "node:fs/promises";
import { ItemError, type Extraction, type ExtractInput, type Extractor, type ExtractedSection } from "@/lib/pipeline/types";
import { ensureReadable, listShort, quoted } from "@/lib/pipeline/extract/guards";
import { refuseEncryptedOffice } from "@/lib/pipeline/extract/password-protected";
import { readDocText } from "@/lib/pipeline/extract/doc-text";
import { extractDocx } from "@/lib/pipeline/extract/docx-text";
import { markdownSections } from "@/lib/pipeline/extract/markdown-sections";
import { extractOdt } from "@/lib/pipeline/extract/odt-text";
import { extractPdf } from "@/lib/pipeline/extract/pdf-text";
import { rtfToText } from "@/lib/pipeline/extract/rtf-text";
import { cleanSections, groupParagraphs, putText } from "@/lib/pipeline/extract/sections";
import { decodeBytes, looksLikeText } from "@/lib/pipeline/extract/text-encoding";

const KINDS: Record<string, string> = {
  ".pdf": "PDF document",
  ".docx": "Word document",
  ".doc": "Word 97-2003 document",
  ".odt": "OpenDocument text",
  ".rtf": "RTF document",
  ".txt": "Text file",
  ".md": "Markdown document",
};

/**
 * Text of .txt .md .pdf .docx .doc .rtf .odt files, per page or section, with a description when
 * it says more than the file's name and type (a title, an author, headings, scanned pages): one
 * that only restates them ("Text file 'a.txt'.") would be a chunk that matches every query about
 * text files and no query about the content.
 */
export const extractDocument: Extractor = async (input) => {
  const extraction = await extractByType(input);
  const description = describe(input.extension, input.filename, extraction);
  return { ...extraction, ...(description && { description }) };
};

function describe(extension: string, filename: string | undefined, { metadata, sections }: Extraction): string | undefined {
  const facts = [`${KINDS[extension] ?? "Document"}${quoted(filename)}`];
  if (typeof metadata.page_count === "number") facts.push(`${metadata.page_count} page${metadata.page_count === 1 ? "" : "s"}`);
  const about: string[] = [];
  if (metadata.title) about.push(`titled '${metadata.title}'`);
  if (metadata.author) about.push(`by ${metadata.author}`);
  const headings = [...new Set(sections.map((s) => s.label).filter((l): l is string => Boolean(l)))];
  const ocr = typeof metadata.pages_without_text === "number" ? `; ${metadata.pages_without_text} scanned page(s) without a text layer` : "";
  if (about.length === 0 && headings.length === 0 && !ocr) return undefined;
  return `${[...facts, ...about].join(", ")}${headings.length ? `; sections: ${listShort(headings, 8)}` : ""}${ocr}.`;
}

async function extractByType({ path, extension, signal }: ExtractInput): Promise<Extraction> {
  if (signal?.aborted) throw new ItemError("timeout", "extraction was cancelled");
  await ensureReadable(path);
  if (extension === ".docx" || extension === ".doc") await refuseEncryptedOffice(path, extension);
  switch (extension) {
    case ".pdf":
      return extractPdf(path, signal);
    case ".docx":
      return extractDocx(path, signal);
    case ".odt":
      return extractOdt(path, signal);
    case ".doc":
      return extractDoc(path, signal);
    case ".rtf":
      return extractRtf(path);
    case ".txt":
    case ".md":
      return extractText(path, extension);
    default:
      throw new ItemError("unsupported_media", `${extension || "this file type"} is not a document type`);
  }
};

function finish(sections: ExtractedSection[], metadata: Extraction["metadata"] = {}): Extraction {
  const cleaned = cleanSections(sections);
  return { sections: cleaned, metadata: { ...metadata, characters: cleaned.reduce((n, s) => n + s.text.length, 0) } };
}

async function extractText(path: string, extension: string): Promise<Extraction> {
  const bytes = await readFile(path);
  if (looksLikeText(bytes.subarray(0, 8192), bytes.length > 8192) === null) {
    throw new ItemError("corrupt_media", "file is not text (it contains binary data)");
  }
  const { text, encoding } = decodeBytes(bytes);
  const sections = extension === ".md" ? markdownSections(text) : groupParagraphs(text);
  return finish(sections, { encoding });
}

async function extractRtf(path: string): Promise<Extraction> {
  const source = (await readFile(path)).toString("latin1");
  if (!source.startsWith("{\\rtf")) throw new ItemError("corrupt_media", "file is not RTF (no {\\rtf header)");
  const { text, info, complete } = rtfToText(source);
  if (!complete) throw new ItemError("corrupt_media", "RTF file is truncated (its groups never close)");
  const metadata: Extraction["metadata"] = {};
  putText(metadata, "title", info.title);
  putText(metadata, "author", info.author);
  return finish(groupParagraphs(text), metadata);
}

async function extractDoc(path: string, signal?: AbortSignal): Promise<Extraction> {
  const bytes = await readFile(path);
  // A compound file is whole sectors; a partial one means the file was cut short, and
  // word-extractor would read past the end. 2^9 or 2^12 bytes, from the header.
  const sector = bytes.length >= 512 ? 2 ** bytes.readUInt16LE(30) : 0;
  if ((sector !== 512 && sector !== 4096) || bytes.length % sector !== 0) {
    throw new ItemError("corrupt_media", "DOC file is truncated or not a Word 97-2003 document");
  }
  const { body, notes } = await readDocText(bytes, signal);
  return finish([...groupParagraphs(body), { label: "Notes", text: notes }]);
}
