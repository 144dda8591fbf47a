import { readFile } from "node:fs/promises";
import path from "node:path";
import { getDocumentProxy } from "unpdf";
import sharp from "sharp";
import { afterAll, describe, expect, it } from "vitest";
import { PROBES } from "@/lib/capabilities";
import { closeOcr, ocrThreads } from "@/lib/pipeline/extract/ocr";
import { ocrPdfPages, renderPage } from "@/lib/pipeline/extract/pdf-ocr";
import { ItemError } from "@/lib/pipeline/types";

const scanned = path.resolve(import.meta.dirname, "../../../test/fixtures/documents/scanned.pdf");
const openScanned = async () => getDocumentProxy(new Uint8Array(await readFile(scanned)), { verbosity: 0 });

afterAll(closeOcr);

describe("OCR of PDF pages", () => {
  it("is reported available by the pdf_ocr capability probe with nothing but npm packages", { timeout: 30_000 }, async () => {
    // This probe alone: the whole set also loads the embedding models, slow on a busy machine.
    const ocr = await PROBES.find((p) => p.name === "pdf_ocr")!.probe();
    expect(ocr).toMatchObject({ available: true, detail: expect.stringMatching(/tesseract\.js.*@napi-rs\/canvas/s) });
  });

  it("draws a page at 200 dpi: an A4 scan becomes a ~1654 x 2339 picture with dark text on white", async () => {
    const pdf = await openScanned();
    const { png, dpi } = await renderPage(pdf, 1);
    expect(dpi).toBeCloseTo(200, 6);
    const { width, height } = await sharp(png).metadata();
    const { width: w72, height: h72 } = (await pdf.getPage(1)).getViewport({ scale: 1 });
    expect(width).toBe(Math.floor((w72 * 200) / 72));
    expect(height).toBe(Math.floor((h72 * 200) / 72));
    const stats = await sharp(png).greyscale().stats();
    expect(stats.channels[0]!.max).toBeGreaterThan(200); // paper
    expect(stats.channels[0]!.min).toBeLessThan(80); // ink
  }, 60_000);

  it("returns each page's text with its page number", async () => {
    const sections = await ocrPdfPages(await openScanned(), [1]);
    expect(sections).toEqual([{ page: 1, text: expect.stringContaining("Scanned page, no text layer") }]);
  }, 60_000);

  it("stops at once when the item is cancelled, ending the OCR engine that was reading", async () => {
    const pdf = await openScanned();
    await ocrPdfPages(pdf, [1]); // the engine is loaded: what follows measures the cancel only
    const before = ocrThreads();
    const controller = new AbortController();
    const running = ocrPdfPages(pdf, [1, 1, 1, 1, 1], { signal: controller.signal });
    while (ocrThreads().busy === 0) await new Promise((r) => setTimeout(r, 10));
    const started = Date.now();
    controller.abort();
    const err = await running.catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ItemError);
    expect((err as ItemError).code).toBe("timeout");
    expect(Date.now() - started).toBeLessThan(1_000);
    expect(ocrThreads()).toEqual({ live: before.live - 1, busy: 0 });
  }, 60_000);
});
