// The floor the server is compared with: the same bytes read from disk, hashed with SHA-256
// and written to another file (flushed to disk, as the server flushes uploads), in a plain
// Node stream pipeline, one file after another.

import { createHash } from "node:crypto";
import { createReadStream, createWriteStream } from "node:fs";
import { mkdir, rm } from "node:fs/promises";
import path from "node:path";
import { Transform } from "node:stream";
import { pipeline } from "node:stream/promises";
import type { BenchFile } from "./files";

export async function baselineCopy(files: readonly BenchFile[], outDir: string): Promise<{ ms: number; checksums: string[] }> {
  await rm(outDir, { recursive: true, force: true });
  await mkdir(outDir, { recursive: true });
  const started = performance.now();
  const checksums: string[] = [];
  for (const file of files) {
    const hash = createHash("sha256");
    const tap = new Transform({
      transform(chunk: Buffer, _enc, cb) {
        hash.update(chunk);
        cb(null, chunk);
      },
    });
    await pipeline(createReadStream(file.path), tap, createWriteStream(path.join(outDir, file.name), { flush: true }));
    checksums.push(hash.digest("hex"));
  }
  const ms = performance.now() - started;
  await rm(outDir, { recursive: true, force: true });
  return { ms, checksums };
}
