import { renderPageAsImage, type getDocumentProxy } from "unpdf";
import { recognizeText } from "@/lib/pipeline/extract/ocr";
import { cleanOcrText } from "@/lib/pipeline/extract/image-facts";
import { ItemError, type ExtractedSection } from "@/lib/pipeline/types";

type PDFDocumentProxy = Awaited<ReturnType<typeof getDocumentProxy>>;

// 200 dpi is what Tesseract reads body text well from; more only costs time. PDF user space
// is 72 units an inch.
const SCALE = 200 / 72;
// A page larger than A0 at 200 dpi would be a picture of over 100 megapixels: such pages are
// drawn smaller, since body text on them is large anyway.
const MAX_PAGE_PIXELS = 40_000_000;

/**
 * OCR of the given PDF pages: each is drawn by pdf.js on @napi-rs/canvas (Skia, prebuilt in
 * npm) and read by Tesseract, one page at a time so a long scan never holds more than one
 * picture.
 */
export async function ocrPdfPages(pdf: PDFDocumentProxy, pages: number[], { signal }: { signal?: AbortSignal } = {}): Promise<ExtractedSection[]> {
  const sections: ExtractedSection[] = [];
  for (const page of pages) {
    if (signal?.aborted) throw new ItemError("timeout", "extraction was cancelled");
    const { png, dpi } = await renderPage(pdf, page);
    const text = cleanOcrText(await recognizeText(png, { signal, dpi }));
    if (text.trim()) sections.push({ page, text });
  }
  return sections;
}

/** One page as a PNG at 200 dpi (less for huge pages), with the resolution it was drawn at. */
export async function renderPage(pdf: PDFDocumentProxy, page: number): Promise<{ png: Buffer; dpi: number }> {
  try {
    const { width, height } = (await pdf.getPage(page)).getViewport({ scale: SCALE });
    const scale = SCALE * Math.min(1, Math.sqrt(MAX_PAGE_PIXELS / Math.max(1, width * height)));
    const png = await renderPageAsImage(pdf, page, { canvasImport: () => import("@napi-rs/canvas"), scale });
    return { png: Buffer.from(png), dpi: scale * 72 };
  } catch (err) {
    throw new ItemError("corrupt_media", `PDF page ${page} could not be drawn for OCR: ${(err as Error).message}`);
  }
}
