import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { crc32, deflateRawSync } from "node:zlib";
import { describe, expect, it } from "vitest";
import { extractDocument } from "@/lib/pipeline/extract/documents";
import { ItemError } from "@/lib/pipeline/types";
import { countTokens } from "@/lib/pipeline/tokens";

const dir = path.resolve(import.meta.dirname, "../../../test/fixtures/documents");
const tmp = mkdtempSync(path.join(tmpdir(), "tessera-docs-"));
const PHRASE_1 = "The Tessera lighthouse keeper counted forty-two ships";
const PHRASE_2 = "Saffron tides return every autumn";

const extract = (file: string, signal?: AbortSignal) =>
  extractDocument({ path: path.join(dir, file), extension: path.extname(file), signal });

async function expectCorrupt(promise: Promise<unknown>, code = "corrupt_media"): Promise<ItemError> {
  const err = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(ItemError);
  expect((err as ItemError).code).toBe(code);
  return err as ItemError;
}

/** A one-entry zip whose headers claim `claimed` bytes for `data`. */
function zipOf(name: string, data: Buffer, claimed = data.length): Buffer {
  const body = deflateRawSync(data, { level: 9 });
  const n = Buffer.from(name);
  const local = Buffer.alloc(30);
  local.writeUInt32LE(0x04034b50, 0);
  local.writeUInt16LE(20, 4);
  local.writeUInt16LE(8, 8);
  local.writeUInt32LE(crc32(data), 14);
  local.writeUInt32LE(body.length, 18);
  local.writeUInt32LE(claimed, 22);
  local.writeUInt16LE(n.length, 26);
  const central = Buffer.alloc(46);
  central.writeUInt32LE(0x02014b50, 0);
  central.writeUInt16LE(20, 4);
  central.writeUInt16LE(20, 6);
  central.writeUInt16LE(8, 10);
  central.writeUInt32LE(crc32(data), 16);
  central.writeUInt32LE(body.length, 20);
  central.writeUInt32LE(claimed, 24);
  central.writeUInt16LE(n.length, 28);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(1, 8);
  end.writeUInt16LE(1, 10);
  end.writeUInt32LE(46 + n.length, 12);
  end.writeUInt32LE(30 + n.length + body.length, 16);
  return Buffer.concat([local, n, body, central, n, end]);
}

function tmpFile(name: string, data: Buffer | string): string {
  const file = path.join(tmp, name);
  writeFileSync(file, data);
  return file;
}

describe("extractDocument", () => {
  it.each(["sample.docx", "sample.doc", "sample.odt", "sample.rtf", "sample.pdf", "sample.md", "sample.txt"])(
    "reads both phrases from %s",
    async (file) => {
      const { sections, metadata } = await extract(file);
      const all = sections.map((s) => s.text).join("\n");
      expect(all).toContain(PHRASE_1);
      expect(all).toContain(PHRASE_2);
      expect(sections.every((s) => s.text.trim() === s.text && s.text.length > 0)).toBe(true);
      expect(metadata.characters).toBe(sections.reduce((n, s) => n + s.text.length, 0));
    },
  );

  it("gives PDF text per page, with page count, title and author", async () => {
    const { sections, metadata, skipped } = await extract("sample.pdf");
    expect(sections.map((s) => s.page)).toEqual([1, 2]);
    expect(sections[0]?.text).toContain(PHRASE_1);
    expect(sections[1]?.text).toContain(PHRASE_2);
    expect(metadata).toMatchObject({ page_count: 2, title: "Lighthouse Report", author: "Ada Keeper" });
    expect(skipped).toBeUndefined();
  });

  it.each(["sample.docx", "sample.odt", "sample.md"])("labels %s sections with their headings", async (file) => {
    const { sections } = await extract(file);
    expect(sections.map((s) => s.label)).toEqual(["Lighthouse Report", "Appendix"]);
    expect(sections[1]?.text).toContain(PHRASE_2);
    expect(sections[0]?.text).not.toContain(PHRASE_2);
  });

  it.each(["sample.docx", "sample.odt", "sample.rtf"])("reads title and author from %s", async (file) => {
    expect((await extract(file)).metadata).toMatchObject({ title: "Lighthouse Report", author: "Ada Keeper" });
  });

  it("keeps paragraph breaks and collapses runs of spaces", async () => {
    const file = tmpFile("spaces.txt", "\ufeffOne   two\t three\r\n\r\n\r\n\r\nFour\n");
    const { sections, metadata } = await extractDocument({ path: file, extension: ".txt" });
    expect(sections).toEqual([{ text: "One two three\n\nFour" }]);
    expect(metadata.encoding).toBe("utf-8");
  });

  it("falls back to Windows-1252 for text that is not UTF-8", async () => {
    const { sections, metadata } = await extract("latin1.txt");
    expect(sections[0]?.text).toContain("Café notes");
    expect(metadata.encoding).toBe("windows-1252");
  });

  it("reads a scanned PDF page through OCR, as a section with its page number", async () => {
    const { sections, skipped, metadata, description } = await extract("scanned.pdf");
    expect(sections).toHaveLength(1);
    expect(sections[0]).toMatchObject({ page: 1 });
    expect(sections[0]?.text).toContain("Scanned page, no text layer");
    expect(skipped).toBeUndefined();
    expect(metadata).toMatchObject({ page_count: 1, pages_without_text: 1 });
    expect(description).toContain("1 scanned page(s)");
    // Tesseract takes seconds on a busy machine.
  }, 60_000);

  it("reports a scanned PDF as needing OCR, with no text, when OCR is not installed", async () => {
    // detectCapabilities caches its answer here: a machine without tesseract answers this.
    const cache = globalThis as unknown as { __tesseraCapabilities?: Promise<unknown> };
    const real = cache.__tesseraCapabilities;
    cache.__tesseraCapabilities = Promise.resolve({ pdf_ocr: { available: false, detail: "missing", description: "" } });
    try {
      const { sections, skipped, metadata } = await extract("scanned.pdf");
      expect(sections).toEqual([]);
      expect(skipped).toEqual(["ocr: PDF pages without a text layer were not read"]);
      expect(metadata.page_count).toBe(1);
    } finally {
      cache.__tesseraCapabilities = real;
    }
  });

  it("describes a document with its type, pages, title and author", async () => {
    const { description } = await extractDocument({ path: path.join(dir, "sample.pdf"), extension: ".pdf", filename: "report.pdf" });
    expect(description).toMatch(/^PDF document 'report\.pdf', 2 pages, titled 'Lighthouse Report', by Ada Keeper/);
  });

  it.each(["truncated.pdf", "not-really.pdf", "corrupt.docx", "bomb.docx"])(
    "refuses %s as corrupt_media quickly",
    async (file) => {
      const started = Date.now();
      await expectCorrupt(extract(file));
      expect(Date.now() - started).toBeLessThan(3_000);
    },
  );

  it("refuses the bomb from its declared sizes, before inflating", async () => {
    const err = await expectCorrupt(extract("bomb.docx"));
    expect(err.message).toMatch(/decompression bomb|limit/);
  });

  it("holds an entry to its declared size when the headers lie", async () => {
    const lying = zipOf("content.xml", Buffer.alloc(5_000_000, "A"), 1_000);
    await expectCorrupt(extractDocument({ path: tmpFile("lying.odt", lying), extension: ".odt" }));
  });

  it("refuses malformed ODT XML and a zip without content", async () => {
    const bad = zipOf("content.xml", Buffer.from("<office:document><text:p>unclosed"));
    await expectCorrupt(extractDocument({ path: tmpFile("bad.odt", bad), extension: ".odt" }));
    const empty = zipOf("other.txt", Buffer.from("x"));
    await expectCorrupt(extractDocument({ path: tmpFile("empty.odt", empty), extension: ".odt" }));
  });

  it("refuses binary content under a text name", async () => {
    const png = readFileSync(path.join(dir, "not-really.pdf"));
    await expectCorrupt(extractDocument({ path: tmpFile("png.txt", png), extension: ".txt" }));
    await expectCorrupt(extractDocument({ path: tmpFile("png.md", png), extension: ".md" }));
  });

  it.each([
    ["sample.doc", ".doc"],
    ["sample.rtf", ".rtf"],
    ["sample.odt", ".odt"],
  ])("refuses a truncated or mislabelled %s", async (file, ext) => {
    const half = readFileSync(path.join(dir, file)).subarray(0, 700);
    await expectCorrupt(extractDocument({ path: tmpFile(`half${ext}`, half), extension: ext }));
    const png = readFileSync(path.join(dir, "not-really.pdf"));
    await expectCorrupt(extractDocument({ path: tmpFile(`png${ext}`, png), extension: ext }));
  });

  it("fails empty and missing files with clear codes", async () => {
    await expectCorrupt(extractDocument({ path: tmpFile("empty.txt", ""), extension: ".txt" }));
    await expectCorrupt(extractDocument({ path: path.join(tmp, "nope.pdf"), extension: ".pdf" }), "file_not_found");
  });

  it("stops when the signal is aborted", async () => {
    await expectCorrupt(extract("sample.pdf", AbortSignal.abort()), "timeout");
  });

  it("reads an RTF's page header only when the document has no other text", async () => {
    const only = tmpFile("only-header.rtf", "{\\rtf1\\ansi{\\header\\b Animal Hospital\\par}\\plain\\par}");
    expect((await extractDocument({ path: only, extension: ".rtf" })).sections.map((s) => s.text)).toEqual(["Animal Hospital"]);
    const both = tmpFile("both.rtf", `{\\rtf1\\ansi{\\header Page header\\par}${PHRASE_2}\\par}`);
    expect((await extractDocument({ path: both, extension: ".rtf" })).sections.map((s) => s.text)).toEqual([PHRASE_2]);
  });

  // 50,000 blank pages held a worker for over five minutes (pdf.js walks the page tree per page).
  it("refuses a PDF of more pages than any document within the token limit, before reading a page", async () => {
    const err = await expectCorrupt(extractDocument({ path: tmpFile("blank.pdf", blankPdf(50_000)), extension: ".pdf" }), "content_limit_exceeded");
    expect(err.message).toBe("the PDF has 50000 pages; the limit is 2000");
    const few = await extractDocument({ path: tmpFile("few.pdf", blankPdf(3)), extension: ".pdf" });
    expect(few.metadata).toMatchObject({ page_count: 3, pages_without_text: 3 });
  });
});

/** A valid PDF of `pages` blank pages sharing one empty content stream. */
function blankPdf(pages: number): Buffer {
  const objects = [
    "<< /Type /Catalog /Pages 2 0 R >>",
    `<< /Type /Pages /Kids [${Array.from({ length: pages }, (_, i) => `${i + 4} 0 R`).join(" ")}] /Count ${pages} >>`,
    "<< /Length 0 >>\nstream\n\nendstream",
    ...Array.from({ length: pages }, () => "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 3 0 R >>"),
  ];
  let out = "%PDF-1.4\n";
  const offsets = objects.map((body, i) => {
    const at = out.length;
    out += `${i + 1} 0 obj\n${body}\nendobj\n`;
    return at;
  });
  const xref = out.length;
  out += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n${offsets.map((o) => `${String(o).padStart(10, "0")} 00000 n \n`).join("")}`;
  out += `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`;
  return Buffer.from(out, "latin1");
}

describe("countTokens", () => {
  it("counts cl100k tokens", () => {
    expect(countTokens("")).toBe(0);
    expect(countTokens("hello world")).toBe(2);
    expect(countTokens(PHRASE_1)).toBe(10);
  });
  it("counts special-token text as plain text instead of throwing", () => {
    expect(countTokens("<|endoftext|>")).toBeGreaterThan(1);
  });
});

describe("document descriptions", () => {
  it("are left out when they would only restate the file's name and type", async () => {
    const file = path.join(tmp, "plain.txt");
    writeFileSync(file, "Statins and breast cancer survival in a nationwide cohort.");
    const out = await extractDocument({ path: file, extension: ".txt", filename: "plain.txt" });
    expect(out.description).toBeUndefined();
    expect(out.sections.map((s) => s.text).join(" ")).toContain("nationwide cohort");
  });

  it("are kept when they carry headings", async () => {
    const file = path.join(tmp, "notes.md");
    writeFileSync(file, "# Harbour log\n\nShips counted today.\n\n## Tides\n\nHigh at noon.");
    const out = await extractDocument({ path: file, extension: ".md", filename: "notes.md" });
    expect(out.description).toMatch(/^Markdown document 'notes\.md'; sections: /);
  });
});
