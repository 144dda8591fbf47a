// Scanned PDF pages per second: Tessera's OCR of pages without a text layer (pdf.js draws each
// page on @napi-rs/canvas at 200 dpi, tesseract.js reads it) against Debian's pdftoppm +
// tesseract CLI doing the same (200 dpi greyscale, OMP_THREAD_LIMIT=1), where installed. The
// corpus: 4 PDFs of 2 A4 pages, each page only a JPEG picture of printed text.

import { execFile } from "node:child_process";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { PDFDocument } from "pdf-lib";
import { extractDocument } from "@/lib/pipeline/extract/documents";
import { eachFile, missingCommand, type ExtractScenario } from "../lib/extract-scenario";
import { textPageJpeg } from "../lib/ocr-pages";

const FILES = 4;
const PAGES = 2;
const run = promisify(execFile);

async function makeScan(file: string, seed: number): Promise<void> {
  const doc = await PDFDocument.create();
  for (let p = 0; p < PAGES; p++) {
    // A4 at 200 dpi is 1654 x 2339 px.
    const jpeg = await doc.embedJpg(await textPageJpeg(seed * 10 + p, { width: 1654, height: 2339, lines: 18 }));
    doc.addPage([595, 842]).drawImage(jpeg, { x: 0, y: 0, width: 595, height: 842 });
  }
  await writeFile(file, await doc.save());
}

export const scenario: ExtractScenario = {
  name: "scanned PDF (OCR)",
  unit: "pages",
  async makeCorpus(dir) {
    const files = Array.from({ length: FILES }, (_, i) => path.join(dir, `scan-${i + 1}.pdf`));
    for (const [i, file] of files.entries()) await makeScan(file, i + 1);
    return files;
  },
  run: (files) =>
    eachFile(files, async (file) => {
      const { sections, metadata } = await extractDocument({ path: file, extension: ".pdf" });
      if (sections.length !== PAGES) throw new Error(`OCR read ${sections.length} of ${PAGES} pages of ${file}`);
      return Number(metadata.pages_without_text);
    }),
  baseline: {
    name: "pdftoppm + tesseract CLI (Debian)",
    unavailable: () => missingCommand("pdftoppm", "poppler-utils") ?? missingCommand("tesseract", "tesseract-ocr"),
    run: (files) =>
      eachFile(files, async (file) => {
        const dir = await mkdtemp(path.join(os.tmpdir(), "tessera-bench-scan-"));
        try {
          for (let page = 1; page <= PAGES; page++) {
            const prefix = path.join(dir, `p${page}`);
            await run("pdftoppm", ["-r", "200", "-gray", "-png", "-singlefile", "-f", String(page), "-l", String(page), file, prefix]);
            await run("tesseract", [`${prefix}.png`, "stdout", "-l", "eng", "--psm", "3"], { env: { ...process.env, OMP_THREAD_LIMIT: "1" } });
          }
          return PAGES;
        } finally {
          await rm(dir, { recursive: true, force: true });
        }
      }),
  },
};

export default scenario;
