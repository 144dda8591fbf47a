// Images per second: Tessera's image extraction (decode, 512 px picture, EXIF, OCR with
// tesseract.js in a worker thread) against Debian's tesseract CLI (the engine it replaced,
// OMP_THREAD_LIMIT=1 as Tessera ran it) reading the same 12 generated 1600x1200 JPEG photos of
// text, where tesseract is installed.

import { execFile } from "node:child_process";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { extractImage } from "@/lib/pipeline/extract/image";
import { eachFile, missingCommand, type ExtractScenario } from "../lib/extract-scenario";
import { textPageJpeg } from "../lib/ocr-pages";

const FILES = 12;
const run = promisify(execFile);

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
    for (const [i, file] of files.entries()) await writeFile(file, await textPageJpeg(i + 1));
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
    name: "tesseract CLI (Debian)",
    unavailable: () => missingCommand("tesseract", "tesseract-ocr"),
    run: (files) =>
      eachFile(files, async (file) => {
        const { stdout } = await run("tesseract", [file, "stdout", "-l", "eng", "--psm", "3"], { env: { ...process.env, OMP_THREAD_LIMIT: "1" } });
        if (!stdout.trim()) throw new Error(`tesseract read nothing in ${file}`);
        return 1;
      }),
  },
};

export default scenario;
