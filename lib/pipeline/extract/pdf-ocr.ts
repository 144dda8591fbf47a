import { execFile } from "node:child_process";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { OCR_PAGE_TIMEOUT_MS } from "@/lib/constants";
import { ItemError, type ExtractedSection } from "@/lib/pipeline/types";

// 200 dpi greyscale is what Tesseract reads body text well from; more only costs time.
const DPI = "200";
// A page of text is a few KB; anything near this is not a page's worth of OCR output.
const MAX_OUTPUT_BYTES = 4 * 1024 * 1024;

/** Runs a tool with a deadline, killed on abort; rejects with its stderr on failure. */
function run(cmd: string, args: string[], signal?: AbortSignal): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile(
      cmd,
      args,
      {
        timeout: OCR_PAGE_TIMEOUT_MS,
        killSignal: "SIGKILL",
        maxBuffer: MAX_OUTPUT_BYTES,
        signal,
        // Tesseract's OpenMP threads make one page 4-15x slower on a shared 2-core machine.
        env: { ...process.env, OMP_THREAD_LIMIT: "1" },
      },
      (err, stdout, stderr) => {
        if (!err) return resolve(stdout);
        if (signal?.aborted) return reject(new ItemError("timeout", "extraction was cancelled"));
        const why = (err as { killed?: boolean }).killed ? `took longer than ${OCR_PAGE_TIMEOUT_MS / 1000} s` : stderr.trim().split("\n").pop() || err.message;
        reject(new ItemError("corrupt_media", `${cmd} failed: ${why}`));
      },
    );
  });
}

/**
 * OCR of the given PDF pages: each is rasterised by pdftoppm (poppler) and read by
 * Tesseract, one page at a time so a long scan never holds more than one image.
 */
export async function ocrPdfPages(pdf: string, pages: number[], opts: { workDir?: string; signal?: AbortSignal }): Promise<ExtractedSection[]> {
  const dir = await mkdtemp(path.join(opts.workDir ?? tmpdir(), "ocr-"));
  try {
    const sections: ExtractedSection[] = [];
    for (const page of pages) {
      if (opts.signal?.aborted) throw new ItemError("timeout", "extraction was cancelled");
      const prefix = path.join(dir, `page-${page}`);
      await run("pdftoppm", ["-r", DPI, "-gray", "-png", "-singlefile", "-f", String(page), "-l", String(page), pdf, prefix], opts.signal);
      const text = await run("tesseract", [`${prefix}.png`, "stdout", "-l", "eng", "--psm", "3"], opts.signal);
      await rm(`${prefix}.png`, { force: true });
      if (text.trim()) sections.push({ page, text });
    }
    return sections;
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
