import { createDeflate } from "node:zlib";

/**
 * Hostile files too big to commit, generated at test time (the committed ones sit in
 * test/fixtures/hostile). Each is what a tester sent to a worker on main at 2b0246d.
 */

/** A one-page PDF whose content stream inflates to `inflatedMb` MB of text operators (~1000x compression). */
export async function pdfWithHugeContentStream(inflatedMb: number): Promise<Buffer> {
  const line = Buffer.from("BT /F1 12 Tf 72 720 Td (bomb) Tj ET\n".repeat(28_000)); // ~1 MB
  const deflate = createDeflate({ level: 9 });
  const parts: Buffer[] = [];
  deflate.on("data", (c: Buffer) => parts.push(c));
  const done = new Promise((r) => deflate.once("end", r));
  for (let i = 0; i < inflatedMb; i++) if (!deflate.write(line)) await new Promise((r) => deflate.once("drain", r));
  deflate.end();
  await done;
  return pdfWithContent(Buffer.concat(parts), "/Filter /FlateDecode");
}

/** A one-page PDF with the given (encoded) content stream and a correct xref table. */
export function pdfWithContent(content: Buffer, filter = ""): Buffer {
  const objects = [
    Buffer.from("<< /Type /Catalog /Pages 2 0 R >>"),
    Buffer.from("<< /Type /Pages /Kids [3 0 R] /Count 1 >>"),
    Buffer.from("<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>"),
    Buffer.concat([Buffer.from(`<< /Length ${content.length} ${filter} >>\nstream\n`), content, Buffer.from("\nendstream")]),
    Buffer.from("<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>"),
  ];
  const chunks: Buffer[] = [Buffer.from("%PDF-1.4\n")];
  const offsets: number[] = [];
  let size = chunks[0]!.length;
  objects.forEach((body, i) => {
    offsets.push(size);
    const obj = Buffer.concat([Buffer.from(`${i + 1} 0 obj\n`), body, Buffer.from("\nendobj\n")]);
    chunks.push(obj);
    size += obj.length;
  });
  const xref = [`xref\n0 ${objects.length + 1}\n0000000000 65535 f \n`, ...offsets.map((o) => `${String(o).padStart(10, "0")} 00000 n \n`)].join("");
  chunks.push(Buffer.from(`${xref}trailer\n<< /Size ${objects.length + 1} /Root 1 0 R >>\nstartxref\n${size}\n%%EOF\n`));
  return Buffer.concat(chunks);
}
