import path from "node:path";
import { describe, expect, it } from "vitest";
import { extractDocument } from "@/lib/pipeline/extract/documents";
import { extractPresentation } from "@/lib/pipeline/extract/presentations";
import { extractSpreadsheet } from "@/lib/pipeline/extract/spreadsheets";
import { sniffMedia } from "@/lib/pipeline/detect";
import type { Extractor } from "@/lib/pipeline/types";
import { readFile } from "node:fs/promises";
import { FIXTURES, failure, input } from "./helpers";

// Apache Tika's test documents (Apache-2.0), each saved with a password by the Office that
// writes its format: see test/fixtures/protected/SOURCE.md.
const PROTECTED: [file: string, extractor: Extractor, type: string][] = [
  ["protected/testWORD_protected_passtika.doc", extractDocument, "DOC"],
  ["protected/testWORD_protected_passtika.docx", extractDocument, "DOCX"],
  ["protected/testEXCEL_protected_passtika.xls", extractSpreadsheet, "XLS"],
  ["protected/testEXCEL_protected_passtika.xlsx", extractSpreadsheet, "XLSX"],
  ["protected/testPPT_protected_passtika.pptx", extractPresentation, "PPTX"],
  ["protected/testODTEncrypted.odt", extractDocument, "ODT"],
];

describe("password-protected office files", () => {
  it.each(PROTECTED)("%s is accepted at upload and fails as password-protected, not as damaged", async (file, extractor, type) => {
    const bytes = await readFile(path.join(FIXTURES, file));
    expect(sniffMedia({ extension: path.extname(file), head: bytes.subarray(0, 8192), size: bytes.length })).toEqual({ ok: true });
    const err = await failure(extractor(await input(file)));
    expect(err.code).toBe("unsupported_media");
    expect(err.message).toBe(`${type} file is password-protected (encrypted); remove the password and upload it again`);
  });

  it("names a legacy Office file sent under an Office Open XML name", async () => {
    const err = await failure(extractDocument(await input("documents/sample.doc", { extension: ".docx" })));
    expect(err.code).toBe("corrupt_media");
    expect(err.message).toBe("content is an Office 97-2003 file (OLE2), not DOCX; save it as DOCX and upload it again");
  });
});
