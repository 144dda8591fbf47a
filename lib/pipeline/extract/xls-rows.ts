import { passwordProtected } from "@/lib/pipeline/extract/password-protected";
import { readFile } from "node:fs/promises";
import { ItemError } from "@/lib/pipeline/types";
import { trimRows, type CellBudget, type Sheet } from "@/lib/pipeline/extract/sheet-model";
import { readWorkbookStream } from "@/lib/pipeline/extract/xls-stream";

// BIFF8 record types ([MS-XLS] 2.3), the few that hold sheet names and cell values.
const BOF = 0x0809, EOF = 0x000a, FILEPASS = 0x002f, BOUNDSHEET = 0x0085, SST = 0x00fc, CONTINUE = 0x003c;
const LABELSST = 0x00fd, LABEL = 0x0204, RSTRING = 0x00d6, NUMBER = 0x0203, RK = 0x027e, MULRK = 0x00bd;
const FORMULA = 0x0006, STRING = 0x0207, BOOLERR = 0x0205;

interface BiffRecord {
  type: number;
  data: Buffer;
}

const corrupt = (why: string) => new ItemError("corrupt_media", `XLS file could not be read: ${why}`);

/** Excel 97-2003 (BIFF8) sheets: cfb finds the Workbook stream, this reads its records. */
export async function readXls(file: string, budget: CellBudget, signal?: AbortSignal): Promise<{ sheets: Sheet[] }> {
  const stream = await readWorkbookStream(await readFile(file), signal);
  try {
    return readRecords(stream, budget);
  } catch (err) {
    // A record shorter than its type requires: the file is damaged, not the server.
    if (err instanceof RangeError) throw corrupt(`a record is shorter than its type requires (${err.message})`);
    throw err;
  }
}

function readRecords(stream: Buffer, budget: CellBudget): { sheets: Sheet[] } {
  const at = (offset: number) => records(stream, offset);
  const globals = at(0);
  const first = globals.next().value;
  if (!first || first.type !== BOF) throw corrupt("its Workbook stream does not start with a BOF record");
  if (first.data.readUInt16LE(0) !== 0x0600) throw new ItemError("unsupported_media", "XLS files older than Excel 97 (BIFF5 and before) are not supported");
  const listed: { name: string; offset: number }[] = [];
  let shared: string[] = [];
  let sstSegments: Buffer[] | null = null;
  for (const rec of globals) {
    if (sstSegments && rec.type === CONTINUE) sstSegments.push(rec.data);
    else if (sstSegments) [shared, sstSegments] = [sharedStrings(sstSegments, budget), null];
    if (rec.type === FILEPASS) throw passwordProtected(".xls");
    if (rec.type === SST) sstSegments = [rec.data];
    else if (rec.type === BOUNDSHEET && rec.data[5] === 0) listed.push({ offset: rec.data.readUInt32LE(0), name: new Strings([rec.data.subarray(6)]).text(8) });
    else if (rec.type === EOF) break;
  }
  if (sstSegments) shared = sharedStrings(sstSegments, budget);
  return { sheets: listed.map(({ name, offset }) => ({ name, rows: sheetRows(at(offset), shared, budget) })) };
}

function* records(stream: Buffer, offset: number): Generator<BiffRecord> {
  for (let pos = offset; pos + 4 <= stream.length; ) {
    const type = stream.readUInt16LE(pos);
    const size = stream.readUInt16LE(pos + 2);
    if (pos + 4 + size > stream.length) throw corrupt("a record runs past the end of the stream (truncated file?)");
    yield { type, data: stream.subarray(pos + 4, pos + 4 + size) };
    pos += 4 + size;
  }
}

function sheetRows(recs: Generator<BiffRecord>, shared: string[], budget: CellBudget) {
  const rows = new Map<number, string[]>();
  const put = (data: Buffer, col: number, value: string) => {
    budget.take(1);
    const r = data.readUInt16LE(0);
    const cells = rows.get(r) ?? [];
    cells[col] = value;
    rows.set(r, cells);
  };
  let pendingFormula: Buffer | null = null;
  const first = recs.next().value;
  if (!first || first.type !== BOF) throw corrupt("a sheet does not start with a BOF record");
  for (const { type, data } of recs) {
    if (type === EOF) break;
    if (data.length < 6 && type !== STRING) continue;
    if (type === LABELSST) put(data, data.readUInt16LE(2), shared[data.readUInt32LE(6)] ?? "");
    else if (type === LABEL || type === RSTRING) put(data, data.readUInt16LE(2), new Strings([data.subarray(6)]).text(16));
    else if (type === NUMBER) put(data, data.readUInt16LE(2), formatNumber(data.readDoubleLE(6)));
    else if (type === RK) put(data, data.readUInt16LE(2), formatNumber(rkValue(data.readInt32LE(6))));
    else if (type === MULRK) {
      const firstCol = data.readUInt16LE(2);
      for (let i = 0; 4 + i * 6 + 6 <= data.length - 2; i++) put(data, firstCol + i, formatNumber(rkValue(data.readInt32LE(4 + i * 6 + 2))));
    } else if (type === BOOLERR) put(data, data.readUInt16LE(2), data[7] ? "#ERROR" : data[6] ? "TRUE" : "FALSE");
    else if (type === FORMULA && data.length >= 14) {
      if (data.readUInt16LE(12) !== 0xffff) put(data, data.readUInt16LE(2), formatNumber(data.readDoubleLE(6)));
      else if (data[6] === 0) pendingFormula = data;
      else if (data[6] === 1) put(data, data.readUInt16LE(2), data[8] ? "TRUE" : "FALSE");
    } else if (type === STRING && pendingFormula) {
      put(pendingFormula, pendingFormula.readUInt16LE(2), new Strings([data]).text(16));
      pendingFormula = null;
    }
  }
  const sorted = [...rows.entries()].sort((a, b) => a[0] - b[0]);
  return trimRows(sorted.map(([r, cells]) => ({ n: r + 1, cells: Array.from(cells, (c) => c ?? "") })));
}

function rkValue(rk: number): number {
  let v: number;
  if (rk & 2) v = rk >> 2;
  else {
    const b = Buffer.alloc(8);
    b.writeInt32LE(rk & ~3, 4);
    v = b.readDoubleLE(0);
  }
  return rk & 1 ? v / 100 : v;
}

const formatNumber = (n: number) => (Number.isFinite(n) ? String(Number(n.toPrecision(15))) : "");

function sharedStrings(segments: Buffer[], budget: CellBudget): string[] {
  const reader = new Strings(segments);
  const unique = reader.u32(4);
  const out: string[] = [];
  for (let i = 0; i < unique && !reader.done(); i++) {
    budget.take(1);
    out.push(reader.text(16));
  }
  return out;
}

/**
 * XLUnicodeString reader over an SST record and its CONTINUE records: a string may break
 * across records, and each continuation restarts with its own compression flag byte.
 */
class Strings {
  private i = 0;
  private off = 0;
  constructor(private readonly segs: Buffer[]) {}
  done(): boolean {
    while (this.i < this.segs.length && this.off >= this.segs[this.i]!.length) [this.i, this.off] = [this.i + 1, 0];
    return this.i >= this.segs.length;
  }
  private byte(): number {
    if (this.done()) throw corrupt("a string runs past the end of its record");
    return this.segs[this.i]![this.off++]!;
  }
  u16 = () => this.byte() | (this.byte() << 8);
  u32(skip = 0): number {
    for (let k = 0; k < skip; k++) this.byte();
    return (this.u16() | (this.u16() << 16)) >>> 0;
  }
  /** A string with an 8- or 16-bit character count, its rich-text runs and extension skipped. */
  text(countBits: 8 | 16): string {
    const cch = countBits === 8 ? this.byte() : this.u16();
    const flags = this.byte();
    const runs = flags & 8 ? this.u16() : 0;
    const ext = flags & 4 ? this.u32() : 0;
    let high = flags & 1;
    let out = "";
    for (let left = cch; left > 0; ) {
      const seg = this.segs[this.i];
      if (!seg || this.off >= seg.length) {
        if (this.done()) throw corrupt("a string runs past the end of its record");
        high = this.byte() & 1;
        continue;
      }
      const n = Math.min(left, Math.floor((seg.length - this.off) / (high ? 2 : 1)));
      if (n === 0) throw corrupt("a string breaks inside a character");
      out += seg.toString(high ? "utf16le" : "latin1", this.off, this.off + n * (high ? 2 : 1));
      this.off += n * (high ? 2 : 1);
      left -= n;
    }
    for (let k = 0; k < runs * 4 + ext; k++) this.byte();
    return out;
  }
}
