import { readFile, stat } from "node:fs/promises";
import { ItemError, type Extraction, type Extractor, type ExtractedSection } from "@/lib/pipeline/types";
import { readDocText } from "@/lib/pipeline/extract/doc-text";
import { extractDocx } from "@/lib/pipeline/extract/docx-text";
import { markdownSections } from "@/lib/pipeline/extract/markdown-sections";
import { extractOdt } from "@/lib/pipeline/extract/odt-text";
import { extractPdf } from "@/lib/pipeline/extract/pdf-text";
import { rtfToText } from "@/lib/pipeline/extract/rtf-text";
import { cleanSections, groupParagraphs, putText } from "@/lib/pipeline/extract/sections";
import { decodeBytes, looksLikeText } from "@/lib/pipeline/extract/text-encoding";

/** Text of .txt .md .pdf .docx .doc .rtf .odt files, per page or section. */
export const extractDocument: Extractor = async ({ path, extension, signal }) => {
  if (signal?.aborted) throw new ItemError("timeout", "extraction was cancelled");
  await ensureReadable(path);
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

async function ensureReadable(path: string): Promise<void> {
  const info = await stat(path).catch(() => null);
  if (!info) throw new ItemError("file_not_found", "the uploaded file is missing");
  if (info.size === 0) throw new ItemError("corrupt_media", "file is empty");
}

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
