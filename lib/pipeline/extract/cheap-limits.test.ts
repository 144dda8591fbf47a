import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { pdfWithContent, pdfWithHugeContentStream } from "@/test/support/hostile-files";
import { ItemError } from "@/lib/pipeline/types";
import { extractSpreadsheet } from "./spreadsheets";
import { checkPdfStreams } from "./pdf-streams";
import { readZip } from "./safe-zip";
import { checkTextLimits, longestRunWithoutWhitespace } from "./text-limits";

const tmp = mkdtempSync(path.join(tmpdir(), "tessera-limits-"));
const file = (name: string, content: string | Buffer) => {
  const p = path.join(tmp, name);
  writeFileSync(p, content);
  return p;
};

async function failure(promise: Promise<unknown>): Promise<ItemError> {
  const err = await promise.then(() => null, (e: unknown) => e);
  expect(err).toBeInstanceOf(ItemError);
  return err as ItemError;
}

/** A zip of `count` empty stored entries, with a central directory that counts them truthfully. */
function zipOfEmptyEntries(count: number): Buffer {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (let i = 0; i < count; i++) {
    const name = Buffer.from(`f${i}.xml`);
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(10, 4);
    local.writeUInt16LE(name.length, 26);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(10, 4);
    central.writeUInt16LE(10, 6);
    central.writeUInt16LE(name.length, 28);
    central.writeUInt32LE(offset, 42);
    locals.push(local, name);
    centrals.push(central, name);
    offset += 30 + name.length;
  }
  const directory = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(count, 8);
  end.writeUInt16LE(count, 10);
  end.writeUInt32LE(directory.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, directory, end]);
}

describe("cheap limits, checked before the expensive work", () => {
  it("measures the longest run without whitespace, counting Unicode spaces as breaks", () => {
    expect(longestRunWithoutWhitespace("ab cde\u00a0fghi\u3000j")).toBe(4);
    expect(() => checkTextLimits([{ text: `short words ${"x".repeat(100_000)}` }])).not.toThrow();
    expect(() => checkTextLimits([{ text: `short words ${"x".repeat(100_001)}` }])).toThrow(/run of 100,001 characters without whitespace.*MAX_RUN_WITHOUT_WHITESPACE/);
  });

  it("refuses a 100,000-column CSV with content_limit_exceeded naming the column limit", async () => {
    const header = Array.from({ length: 100_000 }, (_, i) => `c${i}`).join(",");
    const err = await failure(extractSpreadsheet({ path: file("wide.csv", `${header}\n${header}\n`), extension: ".csv" }));
    expect(err.code).toBe("content_limit_exceeded");
    expect(err.message).toBe("a row has 100,000 columns; the limit is 16,384 (MAX_SHEET_COLUMNS)");
    // A wide but real sheet still reads.
    const ok = Array.from({ length: 300 }, (_, i) => `c${i}`).join(",");
    await expect(extractSpreadsheet({ path: file("ok.csv", `${ok}\n${ok}\n`), extension: ".csv" })).resolves.toBeTruthy();
  }, 30_000);

  it("refuses a zip container with more entries than the limit from its central directory", async () => {
    const err = await failure(readZip(file("many.docx", zipOfEmptyEntries(10_001)), { keep: () => false, format: "DOCX" }));
    expect(err.code).toBe("content_limit_exceeded");
    expect(err.message).toBe("the DOCX file has 10,001 zip entries; the limit is 10,000 (MAX_ZIP_ENTRIES)");
    await expect(readZip(file("few.docx", zipOfEmptyEntries(10)), { keep: () => true, format: "DOCX" })).resolves.toHaveProperty("size", 10);
  });

  it("refuses a PDF stream that inflates past the limit, and reads one under it", async () => {
    const bomb = await pdfWithHugeContentStream(3);
    const err = await failure(checkPdfStreams(bomb, 2 * 1024 * 1024));
    expect(err.code).toBe("content_limit_exceeded");
    expect(err.message).toBe("a PDF stream inflates to more than 2 MB, the limit per stream (MAX_PDF_STREAM_INFLATED_BYTES)");
    await expect(checkPdfStreams(bomb, 4 * 1024 * 1024)).resolves.toBeUndefined();
    await expect(checkPdfStreams(pdfWithContent(Buffer.from("BT (plain) Tj ET")), 1)).resolves.toBeUndefined();
  });
});
