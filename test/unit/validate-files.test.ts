import { describe, expect, it } from "vitest";
import { filenameProblem, uploadLimitFor, validateFiles } from "@/lib/batches/validate-files";
import type { ReceivedFile } from "@/lib/api/multipart";

const file = (filename: string, head: string | Buffer, extra: Partial<ReceivedFile> = {}): ReceivedFile => {
  const bytes = typeof head === "string" ? Buffer.from(head) : head;
  return { filename, key: `uploads/incoming/${filename}`, size: bytes.length, checksum: "c", head: bytes, ...extra };
};

describe("filenames", () => {
  it.each(["../etc/passwd", "a/b.txt", "a\\b.txt", "..", "", "bad\u0000name.txt", "x".repeat(300) + ".txt"])("refuses %j", (name) => {
    expect(filenameProblem(name)).not.toBeNull();
  });
  it.each(["report.pdf", "Q1 report (final).docx", "résumé.txt", "..hidden.md"])("accepts %j", (name) => {
    expect(filenameProblem(name)).toBeNull();
  });
});

describe("upload limits decided from the name", () => {
  it("stores documents up to 20 MB", () => {
    expect(uploadLimitFor("a.pdf")).toEqual({ maxBytes: 20 * 1024 * 1024 });
  });
  it("refuses unknown types before storing a byte", () => {
    expect(uploadLimitFor("a.exe")).toEqual({ refuse: expect.stringContaining(".exe") });
    expect(uploadLimitFor("noext")).toEqual({ refuse: expect.stringContaining("unsupported") });
  });

  it("stores each category up to its own limit", () => {
    expect(uploadLimitFor("a.mp4")).toEqual({ maxBytes: 100 * 1024 * 1024 });
    expect(uploadLimitFor("a.mp3")).toEqual({ maxBytes: 50 * 1024 * 1024 });
    expect(uploadLimitFor("a.glb")).toEqual({ maxBytes: 50 * 1024 * 1024 });
  });
});

describe("validateFiles", () => {
  it("sorts files into valid and rejected, with reasons", () => {
    const { valid, rejected } = validateFiles([
      file("ok.txt", "hello"),
      file("fake.pdf", Buffer.from("89504e470d0a1a0a", "hex")),
      file("empty.md", "", { size: 0 }),
      file("big.pdf", "%PDF-1.7", { problem: "exceeds the 20 MB limit for its type", key: "" }),
    ]);
    expect(valid.map((v) => [v.filename, v.category, v.extension])).toEqual([["ok.txt", "document", ".txt"]]);
    expect(rejected.map((r) => r.filename)).toEqual(["fake.pdf", "empty.md", "big.pdf"]);
    expect(rejected[2]!.reason).toContain("20 MB");
  });
});
