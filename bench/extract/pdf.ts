// PDF pages per second: Tessera's text-layer reader (unpdf / pdf.js) against poppler's
// pdftotext on the same 20 generated PDFs of 10 text pages each.

import { execFile } from "node:child_process";
import { writeFile } from "node:fs/promises";
import path from "node:path";
import { promisify } from "node:util";
import { PDFDocument, StandardFonts } from "pdf-lib";
import { extractDocument } from "@/lib/pipeline/extract/documents";
import { eachFile, missingCommand, type ExtractScenario } from "../lib/extract-scenario";

const FILES = 20;
const PAGES = 10;
const run = promisify(execFile);

async function makePdf(file: string, seed: number): Promise<void> {
  const doc = await PDFDocument.create();
  const font = await doc.embedFont(StandardFonts.Helvetica);
  for (let p = 0; p < PAGES; p++) {
    const page = doc.addPage([595, 842]);
    for (let line = 0; line < 45; line++) {
      page.drawText(`File ${seed} page ${p + 1} line ${line + 1}: the keeper logged ships, tides and weather.`, { x: 40, y: 800 - line * 17, size: 10, font });
    }
  }
  await writeFile(file, await doc.save());
}

export const scenario: ExtractScenario = {
  name: "PDF (text layer)",
  unit: "pages",
  async makeCorpus(dir) {
    const files = Array.from({ length: FILES }, (_, i) => path.join(dir, `doc-${i + 1}.pdf`));
    for (const [i, file] of files.entries()) await makePdf(file, i + 1);
    return files;
  },
  run: (files) =>
    eachFile(files, async (file) => {
      const { metadata } = await extractDocument({ path: file, extension: ".pdf" });
      return Number(metadata.page_count);
    }),
  baseline: {
    name: "pdftotext (poppler)",
    unavailable: () => missingCommand("pdftotext", "poppler-utils"),
    run: (files) =>
      eachFile(files, async (file) => {
        const { stdout } = await run("pdftotext", ["-layout", file, "-"], { maxBuffer: 64 * 1024 * 1024 });
        return stdout.split("\f").filter((p) => p.trim()).length;
      }),
  },
};
