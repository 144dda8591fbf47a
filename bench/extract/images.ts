// Images per second: Tessera's image extraction (decode, 512 px picture, EXIF, Tesseract OCR)
// against a bare sharp decode-and-resize of the same 12 generated 1600x1200 JPEG photos of text.

import { mkdtemp, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import sharp from "sharp";
import { extractImage } from "@/lib/pipeline/extract/image";
import { eachFile, type ExtractScenario } from "../lib/extract-scenario";

const FILES = 12;

function page(seed: number): Buffer {
  const lines = Array.from({ length: 8 }, (_, i) => `<text x="80" y="${220 + i * 110}" font-family="DejaVu Sans" font-size="64">Harbour log ${seed}.${i + 1}: ships and tides</text>`);
  return Buffer.from(`<svg xmlns="http://www.w3.org/2000/svg" width="1600" height="1200"><rect width="1600" height="1200" fill="#f2efe6"/>${lines.join("")}</svg>`);
}

async function inWorkDir<T>(fn: (dir: string) => Promise<T>): Promise<T> {
  const dir = await mkdtemp(path.join(os.tmpdir(), "tessera-bench-image-"));
  try {
    return await fn(dir);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

export const scenario: ExtractScenario = {
  name: "images (JPEG + OCR)",
  unit: "images",
  async makeCorpus(dir) {
    const files = Array.from({ length: FILES }, (_, i) => path.join(dir, `photo-${i + 1}.jpg`));
    for (const [i, file] of files.entries()) await writeFile(file, await sharp(page(i + 1)).jpeg({ quality: 85 }).toBuffer());
    return files;
  },
  run: (files) =>
    eachFile(files, (file) =>
      inWorkDir(async (workDir) => {
        const { sections } = await extractImage({ path: file, extension: ".jpg", filename: path.basename(file), workDir });
        if (!sections.length) throw new Error(`no OCR text from ${file}`);
        return 1;
      }),
    ),
  baseline: {
    name: "sharp decode + 512 px JPEG",
    run: (files) =>
      eachFile(files, async (file) => {
        await sharp(file).rotate().resize(512, 512, { fit: "inside" }).jpeg({ quality: 85 }).toBuffer();
        return 1;
      }),
  },
};

export default scenario;
