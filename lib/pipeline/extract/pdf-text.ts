import { parserReason } from "@/lib/pipeline/extract/parser-errors";
import { readFile } from "node:fs/promises";
import { getDocumentProxy } from "unpdf";
import { ItemError, type Extraction, type ExtractedSection } from "@/lib/pipeline/types";
import { detectCapabilities } from "@/lib/capabilities";
import { MAX_OCR_PAGES, MAX_PDF_PAGES } from "@/lib/constants";
import { ocrPdfPages } from "@/lib/pipeline/extract/pdf-ocr";
import { checkPdfStreams } from "@/lib/pipeline/extract/pdf-streams";
import { passwordProtected } from "@/lib/pipeline/extract/password-protected";
import { cleanSections, putText } from "@/lib/pipeline/extract/sections";

// Readers accept the end-of-file marker within the last KB; a little more slack covers
// writers that append junk. Without it the file is almost surely cut short.
const EOF_WINDOW = 4096;

export const OCR_SKIPPED = "ocr: PDF pages without a text layer were not read";

/** One section per page: its text layer, or its OCR when it has none and OCR is installed. */
export async function extractPdf(path: string, signal?: AbortSignal): Promise<Extraction> {
  const bytes = await readFile(path);
  if (!bytes.subarray(0, 1024).includes("%PDF-")) throw new ItemError("corrupt_media", "file is not a PDF (no %PDF header)");
  if (!bytes.subarray(-EOF_WINDOW).includes("%%EOF")) {
    throw new ItemError("corrupt_media", "PDF is truncated or damaged (no end-of-file marker)");
  }
  await checkPdfStreams(bytes);
  const pdf = await open(bytes);
  try {
    if (pdf.numPages > MAX_PDF_PAGES) throw new ItemError("content_limit_exceeded", `the PDF has ${pdf.numPages} pages; the limit is ${MAX_PDF_PAGES}`);
    const sections: ExtractedSection[] = [];
    const withoutText: number[] = [];
    for (let n = 1; n <= pdf.numPages; n++) {
      if (signal?.aborted) throw new ItemError("timeout", "extraction was cancelled");
      const text = await pageText(pdf, n);
      if (text.trim()) sections.push({ page: n, text });
      else withoutText.push(n);
    }
    const pagesWithoutText = withoutText.length;
    const skipped: string[] = [];
    if (pagesWithoutText > 0) {
      const ocr = (await detectCapabilities()).pdf_ocr;
      if (ocr?.available) {
        const read = await ocrPdfPages(pdf, withoutText.slice(0, MAX_OCR_PAGES), { signal });
        sections.push(...read);
        sections.sort((a, b) => (a.page ?? 0) - (b.page ?? 0));
        if (pagesWithoutText > MAX_OCR_PAGES) skipped.push(`ocr: only the first ${MAX_OCR_PAGES} of ${pagesWithoutText} pages without a text layer were read`);
      } else skipped.push(OCR_SKIPPED);
    }
    const metadata: Extraction["metadata"] = { page_count: pdf.numPages };
    const info = await pdf.getMetadata().then((m) => m.info as Record<string, unknown>, () => ({}) as Record<string, unknown>);
    putText(metadata, "title", info.Title);
    putText(metadata, "author", info.Author);
    const cleaned = cleanSections(sections);
    metadata.characters = cleaned.reduce((sum, s) => sum + s.text.length, 0);
    if (pagesWithoutText > 0) metadata.pages_without_text = pagesWithoutText;
    return { sections: cleaned, metadata, ...(skipped.length > 0 && { skipped }) };
  } finally {
    // unpdf's proxy is torn down through its loading task, as unpdf itself does.
    await Promise.resolve(pdf.loadingTask.destroy()).catch(() => undefined);
  }
}

type Pdf = Awaited<ReturnType<typeof getDocumentProxy>>;

async function open(bytes: Buffer): Promise<Pdf> {
  try {
    // pdf.js takes ownership of the array it is given, so it gets a copy.
    return await getDocumentProxy(new Uint8Array(bytes), { verbosity: 0 });
  } catch (err) {
    const name = (err as { name?: string }).name;
    if (name === "PasswordException") throw passwordProtected(".pdf");
    throw new ItemError("corrupt_media", `PDF could not be read: ${parserReason((err as Error).message)}`);
  }
}

async function pageText(pdf: Pdf, n: number): Promise<string> {
  try {
    const content = await (await pdf.getPage(n)).getTextContent();
    let text = "";
    for (const item of content.items) if ("str" in item) text += item.str + (item.hasEOL ? "\n" : "");
    return text;
  } catch (err) {
    throw new ItemError("corrupt_media", `PDF page ${n} could not be read: ${parserReason((err as Error).message)}`);
  }
}
