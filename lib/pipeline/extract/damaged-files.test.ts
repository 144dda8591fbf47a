import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { EXTRACTORS } from "@/lib/pipeline/extractors";
import { ItemError } from "@/lib/pipeline/types";

const fixtures = path.resolve(import.meta.dirname, "../../../test/fixtures");
const tmp = mkdtempSync(path.join(tmpdir(), "tessera-damaged-"));

// Damaged copies of every format, made with a fixed seed so a failure reproduces: bytes
// overwritten at random, or the file cut at a random point. Each must be read or refused with
// an ItemError (never another exception, which would be retried as a server fault), quickly.
const CASES = [
  ["spreadsheets/sample.xls", "spreadsheet"], ["spreadsheets/sample.xlsx", "spreadsheet"], ["spreadsheets/sample.ods", "spreadsheet"],
  ["spreadsheets/sample.csv", "spreadsheet"], ["presentations/sample.pptx", "presentation"], ["presentations/sample.odp", "presentation"],
  ["ebooks/sample.epub", "ebook"], ["ebooks/sample.eml", "ebook"], ["web/sample.json", "web"], ["web/sample.html", "web"], ["web/sample.xml", "web"],
  ["documents/sample.pdf", "document"], ["documents/sample.docx", "document"], ["documents/sample.doc", "document"],
  ["documents/sample.odt", "document"], ["documents/sample.rtf", "document"], ["documents/sample.md", "document"],
  ["protected/testWORD_protected_passtika.docx", "document"], ["protected/testEXCEL_protected_passtika.xls", "spreadsheet"],
  ["images/sample.png", "image"], ["images/sample.jpg", "image"], ["images/sample.gif", "image"], ["images/sample.webp", "image"],
  ["images/sample.tiff", "image"], ["images/sample.bmp", "image"], ["images/sample.svg", "image"], ["images/sample.heic", "image"],
  ["images/sequence.heic", "image"], ["audio/sample.mp3", "audio"], ["audio/sample.flac", "audio"], ["audio/sample.m4a", "audio"],
  ["video/sample.mp4", "video"], ["video/sample.webm", "video"],
  ["model3d/cube.glb", "model3d"], ["model3d/cube.obj", "model3d"], ["model3d/cube.stl", "model3d"], ["model3d/cube.ply", "model3d"],
  ["model3d/cube.dae", "model3d"], ["model3d/cube.fbx", "model3d"], ["model3d/cube.3mf", "model3d"],
] as const;
const COPIES = 8;

describe("damaged files", () => {
  it.each(CASES)("%s: every damaged copy is read or refused with an ItemError, quickly", async (file, category) => {
    let seed = 7;
    const random = () => (seed = (seed * 1103515245 + 12345) >>> 0) / 2 ** 32;
    const original = readFileSync(path.join(fixtures, file));
    const extension = path.extname(file);
    for (let k = 0; k < COPIES; k++) {
      const bytes = k % 2 === 0 ? Buffer.from(original.subarray(0, 1 + Math.floor(random() * original.length))) : Buffer.from(original);
      for (let i = 0, n = k % 2 ? 1 + Math.floor(random() * 300) : 0; i < n; i++) bytes[Math.floor(random() * bytes.length)] = Math.floor(random() * 256);
      const copy = path.join(tmp, `copy-${k}${extension}`);
      writeFileSync(copy, bytes);
      const started = Date.now();
      const workDir = mkdtempSync(path.join(tmp, `work-${k}-`));
      const outcome = await EXTRACTORS[category]!({ path: copy, extension, filename: `copy-${k}${extension}`, workDir }).then(
        () => "read",
        (err: unknown) => (err instanceof ItemError ? err : `unexpected ${String(err)}`),
      );
      if (outcome instanceof ItemError) {
        expect(["corrupt_media", "unsupported_media", "content_limit_exceeded"], `${file} copy ${k}: ${outcome.message}`).toContain(outcome.code);
        // The message says what is wrong, in words, without the server's paths.
        expect(outcome.message, `${file} copy ${k}`).toMatch(/[a-z]{4,}/);
        expect(outcome.message, `${file} copy ${k}`).not.toMatch(/no error output|undefined|\[object|tessera-damaged/);
      } else expect(outcome, `${file} copy ${k}`).toBe("read");
      expect(Date.now() - started, `${file} copy ${k}`).toBeLessThan(10_000);
    }
  }, 300_000);
});
