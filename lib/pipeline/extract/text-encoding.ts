export type TextEncodingName = "utf-8" | "utf-16le" | "utf-16be" | "windows-1252";

const UTF8 = new TextDecoder("utf-8", { fatal: true });

/**
 * Decodes bytes as text: a BOM decides UTF-16 or UTF-8, else strict UTF-8, else Windows-1252
 * (the WHATWG reading of "latin1", so legacy smart quotes come out right). `truncated` says
 * the bytes are a prefix, so a multibyte character cut at the end is not an encoding error.
 */
export function decodeBytes(buf: Uint8Array, truncated = false): { text: string; encoding: TextEncodingName } {
  if (buf[0] === 0xff && buf[1] === 0xfe) return { text: new TextDecoder("utf-16le").decode(buf.subarray(2)), encoding: "utf-16le" };
  if (buf[0] === 0xfe && buf[1] === 0xff) return { text: new TextDecoder("utf-16be").decode(buf.subarray(2)), encoding: "utf-16be" };
  const utf16 = utf16WithoutBom(buf);
  if (utf16) return { text: new TextDecoder(utf16).decode(buf), encoding: utf16 };
  const utf8 = strictUtf8(buf, truncated);
  if (utf8 !== null) return { text: utf8.replace(/^\uFEFF/, ""), encoding: "utf-8" };
  return { text: new TextDecoder("windows-1252").decode(buf), encoding: "windows-1252" };
}

/** UTF-16 saved without a byte-order mark, told by the zero byte of every ASCII character. */
function utf16WithoutBom(buf: Uint8Array): "utf-16le" | "utf-16be" | null {
  const head = buf.subarray(0, 512);
  if (head.length < 16) return null;
  let evenZeros = 0;
  let oddZeros = 0;
  for (let i = 0; i + 1 < head.length; i += 2) {
    if (head[i] === 0) evenZeros++;
    if (head[i + 1] === 0) oddZeros++;
  }
  const pairs = Math.floor(head.length / 2);
  if (oddZeros > pairs * 0.9 && evenZeros === 0) return "utf-16le";
  if (evenZeros > pairs * 0.9 && oddZeros === 0) return "utf-16be";
  return null;
}

function strictUtf8(buf: Uint8Array, truncated: boolean): string | null {
  try {
    return UTF8.decode(buf);
  } catch {
    if (!truncated) return null;
  }
  let end = buf.length;
  for (let i = 1; i <= 3 && end - i >= 0; i++) {
    const b = buf[end - i] ?? 0;
    if (b >= 0xc0) {
      end -= i;
      break;
    }
    if (b < 0x80) return null;
  }
  try {
    return UTF8.decode(buf.subarray(0, end));
  } catch {
    return null;
  }
}

/**
 * The bytes as text when they look like text (no NUL outside UTF-16, few control characters,
 * and for non-UTF-8 bytes not too many high bytes), else null. BOM and leading whitespace go.
 */
export function looksLikeText(buf: Uint8Array, truncated = false): string | null {
  const { text, encoding } = decodeBytes(buf, truncated);
  if (!encoding.startsWith("utf-16") && buf.includes(0)) return null;
  if (encoding === "windows-1252") {
    let high = 0;
    for (const b of buf) if (b >= 0x80) high++;
    // Western legacy text has a few accented letters; binary is about half high bytes.
    if (high > buf.length * 0.3) return null;
  }
  let controls = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if ((c < 0x20 && c !== 9 && c !== 10 && c !== 12 && c !== 13 && c !== 27) || c === 0x7f) controls++;
  }
  // A stray control character happens in real text; binary has them everywhere.
  if (controls > Math.max(2, text.length * 0.01)) return null;
  return text.trimStart();
}
