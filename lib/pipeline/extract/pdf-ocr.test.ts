import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { detectCapabilities } from "@/lib/capabilities";
import { ocrPdfPages } from "@/lib/pipeline/extract/pdf-ocr";
import { ItemError } from "@/lib/pipeline/types";

const scanned = path.resolve(import.meta.dirname, "../../../test/fixtures/documents/scanned.pdf");

/** Names of this process's child processes, from /proc. */
function children(): string[] {
  const out: string[] = [];
  for (const pid of readdirSync("/proc").filter((e) => /^\d+$/.test(e))) {
    try {
      const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
      const ppid = Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[1]);
      if (ppid === process.pid) out.push(stat.slice(stat.indexOf("(") + 1, stat.lastIndexOf(")")));
    } catch {
      /* exited meanwhile */
    }
  }
  return out;
}

describe("OCR of PDF pages", () => {
  it("is reported available by the ocr capability probe (CI installs tesseract and poppler)", async () => {
    const ocr = (await detectCapabilities()).pdf_ocr;
    expect(ocr).toMatchObject({ available: true, detail: expect.stringMatching(/tesseract.*pdftoppm/is) });
  });

  it("returns each page's text with its page number", async () => {
    const sections = await ocrPdfPages(scanned, [1], {});
    expect(sections).toEqual([{ page: 1, text: expect.stringContaining("Scanned page, no text layer") }]);
  }, 60_000);

  it("stops at once when the item is cancelled, killing its child processes", async () => {
    const controller = new AbortController();
    // Five passes over the page would take several seconds.
    const running = ocrPdfPages(scanned, [1, 1, 1, 1, 1], { signal: controller.signal });
    await new Promise((r) => setTimeout(r, 300));
    expect(children().some((name) => name === "pdftoppm" || name === "tesseract")).toBe(true);
    const started = Date.now();
    controller.abort();
    const err = await running.catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ItemError);
    expect((err as ItemError).code).toBe("timeout");
    expect(Date.now() - started).toBeLessThan(1_000);
    await new Promise((r) => setTimeout(r, 100));
    expect(children().filter((name) => name === "pdftoppm" || name === "tesseract")).toEqual([]);
  }, 30_000);
});
