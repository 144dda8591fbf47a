// Test files: printable ASCII text (base64 lines of random bytes), distinct per file and round,
// so Tessera's sniffing accepts them as .txt and its checksum dedup never skips one.

import { randomBytes } from "node:crypto";
import { createWriteStream } from "node:fs";
import { mkdir } from "node:fs/promises";
import path from "node:path";
import { once } from "node:events";

export interface BenchFile {
  name: string;
  path: string;
  size: number;
}

const LINE_RAW = 57; // 57 random bytes -> 76 base64 characters, plus "\n" = 77 bytes a line
const LINES_PER_PIECE = 16_384; // ~1.2 MiB written at a time

function textPiece(): Buffer {
  const raw = randomBytes(LINE_RAW * LINES_PER_PIECE);
  const out = Buffer.allocUnsafe(77 * LINES_PER_PIECE);
  for (let i = 0; i < LINES_PER_PIECE; i++) {
    out.write(raw.toString("base64", i * LINE_RAW, (i + 1) * LINE_RAW), i * 77, "latin1");
    out[i * 77 + 76] = 0x0a;
  }
  return out;
}

/** Writes one text file of exactly `size` bytes. */
export async function writeTextFile(file: string, size: number, header: string): Promise<void> {
  const out = createWriteStream(file);
  let written = 0;
  const write = async (buf: Buffer) => {
    if (!out.write(buf)) await once(out, "drain");
    written += buf.length;
  };
  await write(Buffer.from(`${header}\n`, "latin1").subarray(0, size));
  while (written < size) {
    const piece = textPiece();
    await write(piece.subarray(0, Math.min(piece.length, size - written)));
  }
  out.end();
  await once(out, "close");
}

/** `count` files of `size` bytes each in `dir`, named <prefix>-<i>.txt. */
export async function makeBatchFiles(dir: string, prefix: string, count: number, size: number): Promise<BenchFile[]> {
  await mkdir(dir, { recursive: true });
  const files: BenchFile[] = [];
  for (let i = 0; i < count; i++) {
    const name = `${prefix}-${String(i + 1).padStart(2, "0")}.txt`;
    const file = path.join(dir, name);
    await writeTextFile(file, size, `tessera bench ${prefix} file ${i + 1} of ${count} ${Date.now()} ${randomBytes(8).toString("hex")}`);
    files.push({ name, path: file, size });
  }
  return files;
}
