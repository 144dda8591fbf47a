import { describe, expect, it } from "vitest";
import { deflateRawSync } from "node:zlib";
import { CATEGORIES } from "@/lib/constants";
import { categoryOf, extensionOf, sniffMedia } from "@/lib/pipeline/detect";

const b = (...parts: (string | number[])[]): Buffer =>
  Buffer.concat(parts.map((p) => (typeof p === "string" ? Buffer.from(p, "latin1") : Buffer.from(p))));
const u32 = (n: number) => [n & 255, (n >> 8) & 255, (n >> 16) & 255, n >>> 24];
const zipWith = (name: string, data = "") =>
  b("PK\x03\x04", [20, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0], u32(data.length), u32(data.length), [name.length, 0, 0, 0], name, data);
const ftyp = (brand: string) => b([0, 0, 0, 24], "ftyp", brand, [0, 0, 0, 0], brand, "mif1");
const riff = (kind: string) => b("RIFF", u32(1000), kind, "fmt ");
const binaryStl = b(Buffer.alloc(80, 0x20).toString("latin1"), u32(1), Buffer.alloc(50).toString("latin1"));

const POSITIVE: Record<string, Buffer> = {
  ".pdf": b("%PDF-1.7\n%\xe2\xe3\xcf\xd3\n"),
  ".doc": b([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1], Buffer.alloc(64).toString("latin1")),
  ".xls": b([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1], Buffer.alloc(64).toString("latin1")),
  ".docx": zipWith("[Content_Types].xml", "<?xml"),
  ".xlsx": zipWith("[Content_Types].xml", "<?xml"),
  ".pptx": zipWith("_rels/.rels", "<?xml"),
  ".3mf": zipWith("3D/3dmodel.model", "<?xml"),
  ".odt": zipWith("mimetype", "application/vnd.oasis.opendocument.text"),
  ".ods": zipWith("mimetype", "application/vnd.oasis.opendocument.spreadsheet"),
  ".odp": zipWith("mimetype", "application/vnd.oasis.opendocument.presentation"),
  ".epub": zipWith("mimetype", "application/epub+zip"),
  ".rtf": b("{\\rtf1\\ansi\\deff0 Hello}"),
  ".txt": b("Plain words, caf\xc3\xa9.\n"),
  ".md": b("# Title\n\nBody\n"),
  ".csv": b("a,b\n1,2\n"),
  ".tsv": b("a\tb\n1\t2\n"),
  ".eml": b("From: a@example.org\r\nSubject: hi\r\n\r\nbody"),
  ".json": b("\xef\xbb\xbf  {\"a\": 1}"),
  ".xml": b("\n<?xml version=\"1.0\"?><root/>"),
  ".html": b("<!doctype html><html><body>hi</body></html>"),
  ".htm": b("Some text before <b>tags</b>"),
  ".hml": b("<html></html>"),
  ".png": b([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a], [0, 0, 0, 13], "IHDR"),
  ".jpg": b([0xff, 0xd8, 0xff, 0xe0, 0, 16], "JFIF"),
  ".jpeg": b([0xff, 0xd8, 0xff, 0xe1, 0, 16], "Exif"),
  ".gif": b("GIF89a", [1, 0, 1, 0]),
  ".bmp": b("BM", u32(70), u32(0), u32(54), u32(40)),
  ".tiff": b("II*\0", u32(8)),
  ".tif": b("MM\0*", [0, 0, 0, 8]),
  ".webp": riff("WEBP"),
  ".svg": b("<?xml version=\"1.0\"?>\n<!-- drawn -->\n<svg xmlns=\"http://www.w3.org/2000/svg\"></svg>"),
  ".heic": ftyp("heic"),
  ".heif": ftyp("mif1"),
  ".mp4": ftyp("isom"),
  ".mov": ftyp("qt  "),
  ".m4a": ftyp("M4A "),
  ".avi": riff("AVI "),
  ".wav": riff("WAVE"),
  ".webm": b([0x1a, 0x45, 0xdf, 0xa3, 0x9f, 0x42, 0x86, 0x81, 0x01], "webm"),
  ".mpeg": b([0, 0, 1, 0xba, 0x44, 0, 4]),
  ".mpg": b([0, 0, 1, 0xb3, 0x14, 0, 0xf0]),
  ".wmv": b([0x30, 0x26, 0xb2, 0x75, 0x8e, 0x66, 0xcf, 0x11, 0xa6, 0xd9]),
  ".wma": b([0x30, 0x26, 0xb2, 0x75, 0x8e, 0x66, 0xcf, 0x11, 0xa6, 0xd9]),
  ".mp3": b("ID3", [4, 0, 0, 0, 0, 0, 2], "xx", [0xff, 0xfb, 0x90, 0x64]),
  ".aac": b([0xff, 0xf1, 0x50, 0x80, 0x02, 0x1f, 0xfc]),
  ".flac": b("fLaC", [0, 0, 0, 34]),
  ".ogg": b("OggS", [0, 2]),
  ".aiff": b("FORM", [0, 0, 1, 0], "AIFF", "COMM"),
  ".glb": b("glTF", u32(2), u32(1000)),
  ".stl": b("solid cube\n  facet normal 0 0 1\n"),
  ".obj": b("# made by hand\nmtllib cube.mtl\nv 0 0 0\nv 1 0 0\nf 1 2 3\n"),
  ".ply": b("ply\nformat ascii 1.0\nelement vertex 3\n"),
  ".dae": b("<?xml version=\"1.0\"?>\n<COLLADA xmlns=\"http://www.collada.org/2005/11/COLLADASchema\" version=\"1.4.1\">"),
  ".fbx": b("Kaydara FBX Binary  \0\x1a\0", u32(7400)),
};

const sniff = (extension: string, head: Buffer, size = head.length) => sniffMedia({ extension, head, size });

describe("extensionOf / categoryOf", () => {
  it("lower-cases the last extension and ignores dot-files and folders", () => {
    expect(extensionOf("Report.Final.PDF")).toBe(".pdf");
    expect(extensionOf("README")).toBe("");
    expect(extensionOf(".bashrc")).toBe("");
    expect(extensionOf("dir.v2/notes")).toBe("");
  });
  it("maps extensions to categories, .hml as web and .gif as image", () => {
    expect(categoryOf("a.DOCX")).toBe("document");
    expect(categoryOf("page.hml")).toBe("web");
    expect(categoryOf("anim.gif")).toBe("image");
    expect(categoryOf("song.flac")).toBe("audio");
    expect(categoryOf("tool.exe")).toBeNull();
    expect(categoryOf("noext")).toBeNull();
  });
});

describe("sniffMedia", () => {
  const all = Object.values(CATEGORIES).flatMap((c) => c.extensions);
  it("has a positive head for every extension in CATEGORIES", () => {
    expect(all.filter((ext) => !POSITIVE[ext])).toEqual([]);
  });
  it.each(all)("accepts real %s content", (ext) => {
    expect(sniff(ext, POSITIVE[ext]!)).toEqual({ ok: true });
  });
  it("accepts a binary STL by its triangle count", () => {
    expect(sniff(".stl", binaryStl)).toEqual({ ok: true });
    expect(sniff(".stl", binaryStl, binaryStl.length + 7).ok).toBe(false);
  });
  it("refuses an empty file", () => {
    expect(sniff(".txt", Buffer.alloc(0), 0)).toEqual({ ok: false, reason: "file is empty" });
  });
  it("names what the content is", () => {
    expect(sniff(".pdf", POSITIVE[".png"]!)).toEqual({ ok: false, reason: "content is PNG image data, not PDF" });
    expect(sniff(".rtf", POSITIVE[".docx"]!)).toEqual({ ok: false, reason: "content is a ZIP archive, not RTF" });
    expect(sniff(".docx", POSITIVE[".odt"]!)).toEqual({ ok: false, reason: "content is an OpenDocument text, not DOCX" });
    expect(sniff(".odt", POSITIVE[".ods"]!)).toEqual({ ok: false, reason: "content is an OpenDocument spreadsheet, not ODT" });
    expect(sniff(".mp4", POSITIVE[".heic"]!)).toEqual({ ok: false, reason: "content is HEIF image data, not MP4" });
  });
  it("refuses binary under a text name and accepts messy real text", () => {
    const random = Buffer.from(Array.from({ length: 4096 }, (_, i) => (i * 7919 + 13) % 251));
    expect(sniff(".txt", random)).toMatchObject({ ok: false, reason: "content is binary data, not TXT" });
    expect(sniff(".txt", b("hello\0world")).ok).toBe(false);
    expect(sniff(".csv", POSITIVE[".pdf"]!.subarray(0, 8)).ok).toBe(false); // "%PDF-1.7" is ASCII but a PDF
    expect(sniff(".txt", b("Caf\xe9 cr\xe8me, na\xefve\n"))).toEqual({ ok: true }); // Windows-1252
    expect(sniff(".txt", Buffer.from("\ufeffhello", "utf16le"))).toEqual({ ok: true });
    // Saved as UTF-16 without a byte-order mark: every ASCII character has its zero byte.
    const headers = "Subject: Harbour report\r\nFrom: Ada <ada@example.org>\r\n\r\nThe ferry is late.\r\n";
    expect(sniff(".eml", Buffer.from(headers, "utf16le"))).toEqual({ ok: true });
    expect(sniff(".eml", Buffer.from(headers, "utf16le").swap16())).toEqual({ ok: true });
  });
  it("allows a multibyte character cut at the end of the head, not in a whole file", () => {
    const cut = Buffer.concat([Buffer.from("a".repeat(8190)), Buffer.from("é€").subarray(0, 3)]);
    expect(sniff(".md", cut, 20_000)).toEqual({ ok: true });
    expect(sniff(".md", Buffer.from("plain words\xe2\x82", "latin1"))).toEqual({ ok: true }); // read as Windows-1252 text
  });
  it("checks the first character of JSON and XML", () => {
    expect(sniff(".json", b("hello")).ok).toBe(false);
    expect(sniff(".xml", b("not xml")).ok).toBe(false);
    expect(sniff(".svg", b("<html></html>")).ok).toBe(false);
  });
  it("says what is wrong when the content is the right kind but fails the stricter check", () => {
    // An ID3 tag, then no MPEG frame: it used to be "content is MP3 audio, not MP3".
    const id3 = (...after: number[]) => b("ID3", [4, 0, 0, 0, 0, 0, 4], "xxxx", after);
    expect(sniff(".mp3", id3(0x00, 0x11, 0x22, 0x33))).toEqual({
      ok: false,
      reason: "content has an ID3 tag but no MPEG audio frame follows it (byte 15): not a valid MP3 file",
    });
    expect(sniff(".aac", id3(0x00, 0x11, 0x22, 0x33))).toEqual({
      ok: false,
      reason: "content has an ID3 tag but no ADTS (AAC) frame follows it (byte 15): not a valid AAC file",
    });
    expect(sniff(".flac", id3(0x00, 0x11, 0x22, 0x33))).toEqual({
      ok: false,
      reason: "content has an ID3 tag but no FLAC stream marker (fLaC) follows it (byte 15): not a valid FLAC file",
    });
    expect(sniff(".bmp", b("BM", u32(70), u32(0), u32(54), u32(99)))).toEqual({
      ok: false,
      reason: "content starts with BM but its header size is not one of a BMP file: not a valid BMP file",
    });
    // The same content under another name is still named for what it is.
    expect(sniff(".wav", id3(0xff, 0xfb, 0x90, 0x64))).toEqual({ ok: false, reason: "content is MP3 audio, not WAV" });
    expect(sniff(".mp3", id3(0xff, 0xfb, 0x90, 0x64))).toEqual({ ok: true });
    for (const ext of [".mp3", ".aac", ".flac"]) expect(JSON.stringify(sniff(ext, id3(0, 1, 2, 3)))).not.toMatch(/content is .*, not /);
  });
  it("finds the audio after several ID3 tags and their zero padding, as decoders do", () => {
    const tag = (size: number) => b("ID3", [4, 0, 0, 0, 0, 0, size], "x".repeat(size));
    expect(sniff(".mp3", Buffer.concat([tag(4), tag(6), Buffer.alloc(300), b([0xff, 0xfb, 0x90, 0x64])]))).toEqual({ ok: true });
    expect(sniff(".mp3", Buffer.concat([tag(4), tag(6), Buffer.alloc(300), b("junk")])).ok).toBe(false);
  });

  it("never quotes a ZIP mimetype entry that is not a printable media type", () => {
    const deflated = deflateRawSync(Buffer.from("application/epub+zip")).toString("latin1");
    // A local header with method 8 (deflate): the entry's bytes are binary ("K,(ÈÉLN…").
    const compressed = b("PK\x03\x04", [20, 0, 0, 0, 8, 0, 0, 0, 0, 0, 0, 0, 0, 0], u32(deflated.length), u32(20), [8, 0, 0, 0], "mimetype", deflated);
    const epub = sniff(".epub", compressed);
    expect(epub).toEqual({
      ok: false,
      reason: "content is a ZIP archive, but its mimetype entry is compressed (EPUB and OpenDocument store it uncompressed): not a valid EPUB file",
    });
    expect(sniff(".odt", compressed)).toMatchObject({ ok: false, reason: expect.stringContaining("mimetype entry is compressed") });
    expect(sniff(".docx", compressed)).toEqual({
      ok: false,
      reason: "content is a ZIP archive whose mimetype entry is compressed (EPUB and OpenDocument store it uncompressed), not DOCX",
    });
    // Stored, but not a media type: said, never quoted.
    const garbage = zipWith("mimetype", "\xc8\xc9LN\x01\x02");
    expect(sniff(".epub", garbage)).toEqual({ ok: false, reason: "content is a ZIP archive, but its mimetype entry is not a readable media type: not a valid EPUB file" });
    expect(sniff(".rtf", garbage)).toEqual({ ok: false, reason: "content is a ZIP archive whose mimetype entry is not a readable media type, not RTF" });
    for (const refusal of [epub, sniff(".docx", compressed), sniff(".epub", garbage), sniff(".pptx", garbage)]) {
      expect(refusal.ok).toBe(false);
      expect(refusal.ok ? "" : refusal.reason).toMatch(/^[\x20-\x7e]+$/);
    }
    // A readable media type of another kind is still quoted.
    expect(sniff(".epub", zipWith("mimetype", "application/x-other"))).toEqual({ ok: false, reason: "content is a ZIP archive (application/x-other), not EPUB" });
  });

  it("refuses unknown extensions", () => {
    expect(sniff(".exe", b("MZ")).ok).toBe(false);
  });
});
