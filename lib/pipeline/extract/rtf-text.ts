// RTF is read by hand: the npm RTF parsers are unmaintained or render HTML for browsers,
// and plain text only needs groups, a handful of control words and the code page.

/** Destinations whose content is formatting, metadata or pictures, never body text. */
const SKIP = new Set(
  ("fonttbl colortbl stylesheet listtable listoverridetable revtbl rsidtbl generator pict object " +
    "footnote fldinst themedata " +
    "colorschememapping datastore latentstyles xmlnsdecls pgdsctbl datafield bkmkstart bkmkend " +
    "nonshppict filetbl mmathPr wgrffmtfilter private").split(" "),
);
/** Page headers and footers: kept apart, and the text only of a document that has no other (a form letter, a label). */
const MARGINS = new Set(["header", "headerl", "headerr", "headerf", "footer", "footerl", "footerr", "footerf"]);
const INFO_FIELDS = new Set(["title", "author", "subject"]);
const SYMBOLS: Record<string, string> = {
  par: "\n\n", sect: "\n\n", page: "\n\n", line: "\n", tab: "\t", cell: "\t", row: "\n",
  emdash: "\u2014", endash: "\u2013", bullet: "\u2022", lquote: "\u2018", rquote: "\u2019",
  ldblquote: "\u201c", rdblquote: "\u201d", emspace: " ", enspace: " ", qmspace: " ",
};

interface Group {
  skip: boolean;
  /** Inside a page header or footer. */
  margin?: boolean;
  uc: number;
  info?: string;
}

export interface RtfText {
  text: string;
  info: Record<string, string>;
  /** False when the document's groups never close: the file was cut short. */
  complete: boolean;
}

/** Plain text and \info fields of an RTF document (given as latin1-decoded bytes). */
export function rtfToText(src: string): RtfText {
  const info: Record<string, string> = {};
  let out = "";
  let margins = "";
  let codepage = "windows-1252";
  let bytes: number[] = [];
  let skipChars = 0;
  let group: Group = { skip: false, uc: 1 };
  const stack: Group[] = [];
  let first = false; // true right after "{": a destination keyword may follow
  let closed = false;

  const emit = (s: string) => {
    if (group.info) info[group.info] = (info[group.info] ?? "") + s;
    else if (group.skip) return;
    else if (group.margin) margins += s;
    else out += s;
  };
  const flush = () => {
    if (bytes.length === 0) return;
    emit(decode(Uint8Array.from(bytes), codepage));
    bytes = [];
  };

  for (let i = 0; i < src.length; ) {
    const ch = src[i] ?? "";
    if (ch === "{" || ch === "}") {
      flush();
      if (ch === "{") {
        stack.push(group);
        group = { ...group };
        first = true;
      } else {
        group = stack.pop() ?? group;
        closed ||= stack.length === 0;
      }
      skipChars = 0;
      i++;
      continue;
    }
    if (ch !== "\\") {
      i++;
      if (ch === "\r" || ch === "\n") continue;
      if (skipChars > 0) skipChars--;
      else {
        flush();
        emit(ch);
      }
      first = false;
      continue;
    }
    const next = src[i + 1] ?? "";
    if (next === "'") {
      const byte = parseInt(src.slice(i + 2, i + 4), 16);
      i += 4;
      if (skipChars > 0) skipChars--;
      else if (!Number.isNaN(byte)) bytes.push(byte);
      continue;
    }
    flush();
    const word = /^[a-zA-Z]{1,32}(-?\d{1,10})? ?/.exec(src.slice(i + 1, i + 45));
    if (!word) {
      i += 2;
      if (next === "*") group.skip = true;
      else if (next === "~") emit("\u00a0");
      else if (next === "_") emit("-");
      else if (next === "\n" || next === "\r") emit("\n\n");
      else if (next === "\\" || next === "{" || next === "}") emit(next);
      first = false;
      continue;
    }
    i += 1 + word[0].length;
    const name = word[0].replace(/-?\d+ ?$|\s$/g, "");
    const param = word[1] === undefined ? undefined : Number(word[1]);
    if (first && SKIP.has(name)) group.skip = true;
    else if (first && MARGINS.has(name)) group.margin = true;
    else if (name === "info") group.skip = true;
    else if (INFO_FIELDS.has(name) && stack.length > 0) {
      // Writers may repeat a field (LibreOffice writes \author twice): the first one wins.
      if (info[name] === undefined) group.info = name;
      else group.skip = true;
    }
    else if (name === "ansicpg" && param) codepage = param === 65001 ? "utf-8" : `windows-${param}`;
    else if (name === "uc" && param !== undefined) group.uc = param;
    else if (name === "u" && param !== undefined) {
      emit(String.fromCharCode(param < 0 ? param + 65536 : param));
      skipChars = group.uc;
    } else if (name === "bin" && param) i += param;
    else if (SYMBOLS[name] !== undefined) emit(SYMBOLS[name]);
    first = false;
  }
  flush();
  return { text: out.trim() ? out : margins, info, complete: closed };
}

function decode(bytes: Uint8Array, codepage: string): string {
  try {
    return new TextDecoder(codepage).decode(bytes);
  } catch {
    return new TextDecoder("windows-1252").decode(bytes);
  }
}
