import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { EXTRACTORS } from "@/lib/pipeline/extractors";
import { ItemError } from "@/lib/pipeline/types";

const fixtures = path.resolve(import.meta.dirname, "../../../test/fixtures");
const tmp = mkdtempSync(path.join(tmpdir(), "tessera-damaged-"));

// Damaged copies of every new format, made with a fixed seed so a failure reproduces: bytes
// overwritten at random, or the file cut at a random point. Each must be read or refused with
// an ItemError (never another exception, which would be retried as a server fault), quickly.
const CASES = [
  ["spreadsheets/sample.xls", "spreadsheet"], ["spreadsheets/sample.xlsx", "spreadsheet"], ["spreadsheets/sample.ods", "spreadsheet"],
  ["spreadsheets/sample.csv", "spreadsheet"], ["presentations/sample.pptx", "presentation"], ["presentations/sample.odp", "presentation"],
  ["ebooks/sample.epub", "ebook"], ["ebooks/sample.eml", "ebook"], ["web/sample.json", "web"], ["web/sample.html", "web"], ["web/sample.xml", "web"],
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
      const outcome = await EXTRACTORS[category]!({ path: copy, extension }).then(
        () => "read",
        (err: unknown) => (err instanceof ItemError ? err.code : `unexpected ${String(err)}`),
      );
      expect(["read", "corrupt_media", "unsupported_media"], `${file} copy ${k}`).toContain(outcome);
      expect(Date.now() - started, `${file} copy ${k}`).toBeLessThan(10_000);
    }
  }, 120_000);
});
