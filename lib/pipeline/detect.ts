import { categoryOf, extensionOf } from "@/lib/batches/file-rules";
import { looksLikeText } from "@/lib/pipeline/extract/text-encoding";

// Naming rules live in the browser-safe file-rules module; the pipeline reads them from here too.
export { categoryOf, extensionOf };

export type SniffResult = { ok: true } | { ok: false; reason: string };

export interface SniffInput {
  /** Lower-case extension with its dot, as from extensionOf(). */
  extension: string;
  /** The first bytes of the file (up to 8192). */
  head: Buffer;
  /** Size of the whole file in bytes. */
  size: number;
}

/** Confirms that a file's content matches its extension, from its first bytes. */
export function sniffMedia({ extension, head, size }: SniffInput): SniffResult {
  if (size === 0 || head.length === 0) return { ok: false, reason: "file is empty" };
  const check = CHECKS[extension];
  if (!check) return { ok: false, reason: `${extension || "files without an extension"} is not a supported type` };
  const h = new Head(head, size);
  if (check(h)) return { ok: true };
  const name = extension.slice(1).toUpperCase();
  // The right kind of file that fails the stricter check: say what is wrong with it, not
  // "content is MP3 audio, not MP3".
  const wrong = PROBLEMS[extension]?.(h);
  if (wrong) return { ok: false, reason: `${wrong}: not a valid ${name} file` };
  const seen = describe(h);
  if (seen && SIGNATURES.some(([, label, exts]) => label === seen && exts?.includes(extension))) {
    return { ok: false, reason: `content starts like ${seen} but is not a valid ${name} file` };
  }
  return { ok: false, reason: seen ? `content is ${seen}, not ${name}` : `content does not look like a ${name} file` };
}

class Head {
  private textCache: string | null | undefined;
  constructor(
    readonly buf: Buffer,
    readonly size: number,
  ) {}
  at(offset: number, bytes: string | number[]): boolean {
    const want = typeof bytes === "string" ? Buffer.from(bytes, "latin1") : Buffer.from(bytes);
    return this.buf.subarray(offset, offset + want.length).equals(want);
  }
  ascii(start: number, end: number): string {
    return this.buf.toString("latin1", start, end);
  }
  /** The head as text if it looks like text, with BOM and leading whitespace removed; else null. */
  get text(): string | null {
    if (this.textCache === undefined) this.textCache = looksLikeText(this.buf, this.buf.length < this.size);
    return this.textCache;
  }
}

type Check = (h: Head) => boolean;

const OLE2 = [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1];
const ASF = [0x30, 0x26, 0xb2, 0x75, 0x8e, 0x66, 0xcf, 0x11];
const HEIF_BRANDS = new Set(["heic", "heix", "hevc", "hevx", "heim", "heis", "hevm", "hevs", "mif1", "msf1"]);

const isZip: Check = (h) => h.at(0, "PK\x03\x04");
/** A media type as ODF and EPUB write it: printable ASCII only, type/subtype. */
const MEDIA_TYPE = /^[A-Za-z0-9][A-Za-z0-9.+-]*\/[A-Za-z0-9][A-Za-z0-9.+-]*$/;
/** The first entry's compression method (0 = stored) when it is the mimetype entry. */
const zipMimetypeMethod = (h: Head): number | null => (isZip(h) && h.at(30, "mimetype") && h.buf.length >= 10 ? h.buf.readUInt16LE(8) : null);
/**
 * The stored "mimetype" entry that ODF and EPUB put first, or null when absent. Its bytes as
 * they are when compressed or not a media type: they never match, and describe() must not
 * quote them (a deflated entry is binary).
 */
function zipMimetype(h: Head): string | null {
  if (!isZip(h) || !h.at(30, "mimetype") || h.buf.length < 30) return null;
  const nameLen = h.buf.readUInt16LE(26);
  const extraLen = h.buf.readUInt16LE(28);
  const start = 30 + nameLen + extraLen;
  return h.ascii(start, start + Math.min(h.buf.readUInt32LE(18), 100)).trim();
}
/** Why a ZIP's mimetype entry cannot be read, or null when it reads as a media type (or is absent). */
function zipMimetypeProblem(h: Head): string | null {
  const method = zipMimetypeMethod(h);
  if (method === null) return null;
  if (method !== 0) return "its mimetype entry is compressed (EPUB and OpenDocument store it uncompressed)";
  const mime = zipMimetype(h);
  return mime !== null && MEDIA_TYPE.test(mime) ? null : "its mimetype entry is not a readable media type";
}
const zipWithMime =
  (mime: string): Check =>
  (h) => {
    const found = zipMimetype(h);
    return isZip(h) && (found === null || found === mime);
  };
// An OOXML package has no mimetype entry: one that does is ODF or EPUB under a wrong name.
const ooxml: Check = (h) => isZip(h) && zipMimetype(h) === null;

const ftypBrand = (h: Head): string | null => (h.at(4, "ftyp") ? h.ascii(8, 12) : null);
const isHeif: Check = (h) => {
  const brand = ftypBrand(h);
  return brand !== null && HEIF_BRANDS.has(brand);
};
// MP4, MOV and M4A brands overlap too much to tell apart; only refuse pictures in a box.
const isoMedia: Check = (h) => {
  const brand = ftypBrand(h);
  return brand !== null && !HEIF_BRANDS.has(brand) && brand !== "avif" && brand !== "avis";
};
const isQuickTime: Check = (h) => isoMedia(h) || ["moov", "mdat", "wide", "free", "skip", "pnot"].some((a) => h.at(4, a));
const riff = (kind: string): Check => (h) => (h.at(0, "RIFF") || h.at(0, "RF64")) && h.at(8, kind);

/** Where the audio starts after an ID3v2 tag, or 0 without one. */
/**
 * Where the audio starts after the ID3 tags: taggers write more than one tag in a row, and pad
 * a tag with zero bytes past its declared size (decoders skip both).
 */
const afterId3 = (h: Head): number => {
  let at = 0;
  for (let tags = 0; tags < 8 && h.at(at, "ID3") && h.buf.length >= at + 10; tags++) {
    at += 10 + (((h.buf[at + 6] ?? 0) << 21) | ((h.buf[at + 7] ?? 0) << 14) | ((h.buf[at + 8] ?? 0) << 7) | (h.buf[at + 9] ?? 0));
    while (at > 0 && at < h.buf.length && h.buf[at] === 0) at++;
  }
  return at;
};
const mpegAudioFrame = (h: Head, at: number): boolean =>
  h.buf[at] === 0xff && ((h.buf[at + 1] ?? 0) & 0xe0) === 0xe0 && ((h.buf[at + 1] ?? 0) & 0x06) !== 0;
const adts = (h: Head, at: number): boolean => h.buf[at] === 0xff && ((h.buf[at + 1] ?? 0) & 0xf6) === 0xf0;
/** After an ID3 tag, the frame may lie beyond the head: trust the tag then. */
const audioAfterId3 =
  (frame: (h: Head, at: number) => boolean): Check =>
  (h) => {
    const start = afterId3(h);
    return start >= h.buf.length - 1 ? start > 0 : frame(h, start);
  };

// Known binary formats can open with printable bytes ("%PDF-1.7", "GIF89a"): not text.
const text: Check = (h) => h.text !== null && !isZip(h) && !SIGNATURES.some(([check]) => check(h));
const textStarting =
  (re: RegExp): Check =>
  (h) =>
    text(h) && re.test(h.text ?? "");
const xmlContaining =
  (tag: RegExp): Check =>
  (h) =>
    h.text !== null && h.text.startsWith("<") && tag.test(h.text);

const binaryStl: Check = (h) => h.size >= 84 && h.buf.length >= 84 && h.size === 84 + 50 * h.buf.readUInt32LE(80);
const objLine = /^\s*(v|vn|vt|vp|f|l|p|o|g|s|mtllib|usemtl)\s/m;
const obj: Check = (h) => h.text !== null && (objLine.test(h.text) || h.text.split("\n").every((l) => /^\s*(#|$)/.test(l)));

const CHECKS: Record<string, Check> = {
  ".pdf": (h) => h.buf.subarray(0, 1024).includes("%PDF-"),
  ".doc": (h) => h.at(0, OLE2),
  ".xls": (h) => h.at(0, OLE2),
  // Saved with a password, an Office Open XML file is a compound file (the extractor says so).
  ".docx": (h) => ooxml(h) || h.at(0, OLE2),
  ".xlsx": (h) => ooxml(h) || h.at(0, OLE2),
  ".pptx": (h) => ooxml(h) || h.at(0, OLE2),
  ".odt": zipWithMime("application/vnd.oasis.opendocument.text"),
  ".ods": zipWithMime("application/vnd.oasis.opendocument.spreadsheet"),
  ".odp": zipWithMime("application/vnd.oasis.opendocument.presentation"),
  ".epub": zipWithMime("application/epub+zip"),
  ".3mf": ooxml,
  ".rtf": (h) => h.at(0, "{\\rtf"),
  ".txt": text,
  ".md": text,
  ".csv": text,
  ".tsv": text,
  ".eml": text,
  ".json": textStarting(/^[[{]/),
  ".xml": textStarting(/^</),
  // Real HTML is messy (text before the first tag, no doctype): any text will do.
  ".html": text,
  ".htm": text,
  ".hml": text,
  ".png": (h) => h.at(0, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
  ".jpg": (h) => h.at(0, [0xff, 0xd8, 0xff]),
  ".jpeg": (h) => h.at(0, [0xff, 0xd8, 0xff]),
  ".gif": (h) => h.at(0, "GIF87a") || h.at(0, "GIF89a"),
  ".bmp": (h) => h.at(0, "BM") && [12, 40, 52, 56, 64, 108, 124].includes(h.buf.length >= 18 ? h.buf.readUInt32LE(14) : 0),
  ".tiff": (h) => h.at(0, "II*\0") || h.at(0, "MM\0*") || h.at(0, "II+\0") || h.at(0, "MM\0+"),
  ".tif": (h) => h.at(0, "II*\0") || h.at(0, "MM\0*") || h.at(0, "II+\0") || h.at(0, "MM\0+"),
  ".webp": riff("WEBP"),
  ".svg": xmlContaining(/<svg[\s>]/),
  ".heic": isHeif,
  ".heif": isHeif,
  ".mp4": isoMedia,
  ".m4a": isoMedia,
  ".mov": isQuickTime,
  ".avi": riff("AVI "),
  ".wav": (h) => riff("WAVE")(h) || (h.at(0, "BW64") && h.at(8, "WAVE")),
  ".webm": (h) => h.at(0, [0x1a, 0x45, 0xdf, 0xa3]),
  // Program stream pack or sequence header, or a transport stream's sync bytes.
  ".mpeg": (h) => h.at(0, [0, 0, 1, 0xba]) || h.at(0, [0, 0, 1, 0xb3]) || (h.buf[0] === 0x47 && h.buf[188] === 0x47),
  ".mpg": (h) => h.at(0, [0, 0, 1, 0xba]) || h.at(0, [0, 0, 1, 0xb3]) || (h.buf[0] === 0x47 && h.buf[188] === 0x47),
  ".wmv": (h) => h.at(0, ASF),
  ".wma": (h) => h.at(0, ASF),
  ".mp3": audioAfterId3(mpegAudioFrame),
  ".aac": (h) => h.at(0, "ADIF") || audioAfterId3(adts)(h),
  ".flac": audioAfterId3((h, at) => h.at(at, "fLaC")),
  ".ogg": (h) => h.at(0, "OggS"),
  ".aiff": (h) => h.at(0, "FORM") && (h.at(8, "AIFF") || h.at(8, "AIFC")),
  ".glb": (h) => h.at(0, "glTF"),
  // A binary STL header may itself begin with "solid", so the size formula decides first.
  ".stl": (h) => binaryStl(h) || textStarting(/^solid\b/)(h),
  ".obj": obj,
  ".ply": (h) => h.at(0, "ply\n") || h.at(0, "ply\r\n"),
  ".dae": xmlContaining(/<COLLADA[\s>]/),
  ".fbx": (h) => h.at(0, "Kaydara FBX Binary") || textStarting(/^; FBX|FBXHeaderExtension/)(h),
};

/** An ID3 tag whose audio frame (`frame`) is missing right after it, as a refusal; else null. */
const frameAfterId3 =
  (frame: (h: Head, at: number) => boolean, what: string) =>
  (h: Head): string | null => {
    const start = afterId3(h);
    if (start === 0 || start >= h.buf.length - 1 || frame(h, start)) return null;
    return `content has an ID3 tag but no ${what} follows it (byte ${start})`;
  };
const zipPackage = (h: Head): string | null => {
  const problem = zipMimetypeProblem(h);
  return problem ? `content is a ZIP archive, but ${problem}` : null;
};

/**
 * What is wrong with content of the right kind that fails the extension's stricter check;
 * null when that is not the case (then the refusal names what the content is).
 */
const PROBLEMS: Record<string, (h: Head) => string | null> = {
  ".mp3": frameAfterId3(mpegAudioFrame, "MPEG audio frame"),
  ".aac": (h) => (h.at(0, "ADIF") ? null : frameAfterId3(adts, "ADTS (AAC) frame")(h)),
  ".flac": frameAfterId3((x, at) => x.at(at, "fLaC"), "FLAC stream marker (fLaC)"),
  ".epub": zipPackage,
  ".odt": zipPackage,
  ".ods": zipPackage,
  ".odp": zipPackage,
  ".bmp": (h) => (h.at(0, "BM") ? "content starts with BM but its header size is not one of a BMP file" : null),
};

const ODF_NAMES: Record<string, string> = {
  "application/vnd.oasis.opendocument.text": "an OpenDocument text",
  "application/vnd.oasis.opendocument.spreadsheet": "an OpenDocument spreadsheet",
  "application/vnd.oasis.opendocument.presentation": "an OpenDocument presentation",
  "application/epub+zip": "an EPUB book",
};

/**
 * Recognised formats, in the order they are tried when naming what content is; the
 * extensions a label stands for when the label's test is looser than the extension's check.
 */
const SIGNATURES: [Check, string, string[]?][] = [
  [CHECKS[".pdf"]!, "PDF data"],
  [CHECKS[".png"]!, "PNG image data"],
  [CHECKS[".jpg"]!, "JPEG image data"],
  [CHECKS[".gif"]!, "GIF image data"],
  [CHECKS[".bmp"]!, "BMP image data"],
  [CHECKS[".tiff"]!, "TIFF image data"],
  [CHECKS[".webp"]!, "WebP image data"],
  [isHeif, "HEIF image data"],
  [(x) => ftypBrand(x) === "avif", "AVIF image data"],
  [isoMedia, "MP4/QuickTime media"],
  [CHECKS[".avi"]!, "AVI video"],
  [CHECKS[".wav"]!, "WAV audio"],
  [CHECKS[".webm"]!, "Matroska/WebM media"],
  [CHECKS[".ogg"]!, "Ogg media"],
  [CHECKS[".aiff"]!, "AIFF audio"],
  [(x) => x.at(0, "fLaC"), "FLAC audio"],
  [(x) => x.at(0, "ID3") && (x.buf[3] ?? 9) <= 4, "MP3 audio", [".mp3"]],
  [(x) => x.at(0, ASF), "Windows Media (ASF) data"],
  [(x) => x.at(0, OLE2), "an OLE2 compound file (legacy Office)"],
  [CHECKS[".rtf"]!, "RTF text"],
  [CHECKS[".glb"]!, "glTF binary model"],
  [CHECKS[".ply"]!, "a PLY model"],
  [(x) => x.at(0, "Kaydara FBX Binary"), "FBX model data"],
  [(x) => x.at(0, [0x1f, 0x8b]), "gzip data"],
  [(x) => x.at(0, "7z\xbc\xaf\x27\x1c"), "7-Zip data"],
  [(x) => x.at(0, "Rar!"), "RAR data"],
  [(x) => x.at(0, "\x7fELF"), "an ELF executable"],
  [(x) => x.at(0, "MZ") && x.buf.includes("PE\0\0"), "a Windows executable"],
];

/** What the content appears to be, for the refusal message; null when unknown. */
function describe(h: Head): string | null {
  for (const [check, name] of SIGNATURES) if (check(h)) return name;
  if (isZip(h)) {
    const problem = zipMimetypeProblem(h);
    if (problem) return `a ZIP archive whose ${problem.replace(/^its /, "")}`;
    const mime = zipMimetype(h);
    return mime ? (ODF_NAMES[mime] ?? `a ZIP archive (${mime})`) : "a ZIP archive";
  }
  const t = h.text;
  if (t === null) return "binary data";
  if (/<svg[\s>]/.test(t)) return "SVG image text";
  if (/^[[{]/.test(t)) return "JSON-like text";
  if (t.startsWith("<")) return "XML/HTML text";
  return "plain text";
}
