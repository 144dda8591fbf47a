// E-books in chapters per second: 10 generated EPUBs of 20 chapters (~3 KB each).

import path from "node:path";
import { extractEbook } from "@/lib/pipeline/extract/ebooks";
import { eachFile, type ExtractScenario } from "../lib/extract-scenario";
import { readBaseline } from "../lib/read-baseline";
import { writeZip } from "../lib/zip-writer";

const BOOKS = 10;
const CHAPTERS = 20;

function chapter(book: number, n: number): string {
  const paragraphs = Array.from({ length: 12 }, (_, p) => `<p>Book ${book}, chapter ${n}, paragraph ${p}: the ferry crossed at dawn and the lanterns were lit.</p>`).join("");
  return `<?xml version="1.0" encoding="utf-8"?><html xmlns="http://www.w3.org/1999/xhtml"><head><title>Chapter ${n}</title></head><body><h1>Chapter ${n}</h1>${paragraphs}</body></html>`;
}

async function makeEpub(file: string, book: number): Promise<void> {
  const ids = Array.from({ length: CHAPTERS }, (_, i) => `c${i + 1}`);
  const opf = `<?xml version="1.0"?><package xmlns="http://www.idpf.org/2007/opf" version="3.0"><metadata xmlns:dc="http://purl.org/dc/elements/1.1/"><dc:title>Book ${book}</dc:title></metadata><manifest>${ids.map((id) => `<item id="${id}" href="${id}.xhtml" media-type="application/xhtml+xml"/>`).join("")}</manifest><spine>${ids.map((id) => `<itemref idref="${id}"/>`).join("")}</spine></package>`;
  await writeZip(
    file,
    [
      ["mimetype", "application/epub+zip"],
      ["META-INF/container.xml", `<?xml version="1.0"?><container xmlns="urn:oasis:names:tc:opendocument:xmlns:container"><rootfiles><rootfile full-path="OEBPS/content.opf"/></rootfiles></container>`],
      ["OEBPS/content.opf", opf],
      ...ids.map((id, i): [string, string] => [`OEBPS/${id}.xhtml`, chapter(book, i + 1)]),
    ],
    true,
  );
}

export const scenario: ExtractScenario = {
  name: "E-book: EPUB",
  unit: "chapters",
  async makeCorpus(dir) {
    const files = Array.from({ length: BOOKS }, (_, i) => path.join(dir, `book-${i + 1}.epub`));
    for (const [i, file] of files.entries()) await makeEpub(file, i + 1);
    return files;
  },
  run: (files) =>
    eachFile(files, async (file) => Number((await extractEbook({ path: file, extension: ".epub" })).metadata.chapter_count)),
  baseline: readBaseline(() => CHAPTERS, false),
};
