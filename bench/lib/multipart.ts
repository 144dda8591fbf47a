// POST a multipart/form-data body streamed from disk, with an exact Content-Length.
// The client never holds more than a read buffer (64 KiB) of any file in memory.

import { randomBytes } from "node:crypto";
import { createReadStream } from "node:fs";
import http from "node:http";
import { Readable } from "node:stream";
import type { BenchFile } from "./files";

export interface PostResult {
  status: number;
  body: unknown;
  text: string;
  ms: number;
}

function quote(value: string): string {
  return value.replace(/[\r\n"\\]/g, (c) => encodeURIComponent(c));
}

export function multipartBody(files: readonly BenchFile[], fields: Record<string, string>) {
  const boundary = `----tessera-bench-${randomBytes(12).toString("hex")}`;
  const pieces: (Buffer | BenchFile)[] = [];
  for (const [name, value] of Object.entries(fields)) {
    pieces.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${quote(name)}"\r\n\r\n${value}\r\n`));
  }
  for (const file of files) {
    pieces.push(
      Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${quote(file.name)}"\r\nContent-Type: text/plain\r\n\r\n`),
      file,
      Buffer.from("\r\n"),
    );
  }
  pieces.push(Buffer.from(`--${boundary}--\r\n`));
  const length = pieces.reduce((n, p) => n + (Buffer.isBuffer(p) ? p.length : p.size), 0);
  async function* generate() {
    for (const piece of pieces) {
      if (Buffer.isBuffer(piece)) yield piece;
      else yield* createReadStream(piece.path, { highWaterMark: 64 * 1024 });
    }
  }
  return { contentType: `multipart/form-data; boundary=${boundary}`, length, stream: () => Readable.from(generate(), { objectMode: false }) };
}

/** One POST; timing covers the whole exchange, from connect to the last byte of the response. */
export function postMultipart(
  url: string,
  headers: Record<string, string>,
  files: readonly BenchFile[],
  fields: Record<string, string>,
  timeoutMs = 120_000,
): Promise<PostResult> {
  const body = multipartBody(files, fields);
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const req = http.request(url, {
      method: "POST",
      agent: false,
      headers: { ...headers, "content-type": body.contentType, "content-length": String(body.length) },
      timeout: timeoutMs,
    });
    req.on("timeout", () => req.destroy(new Error(`no answer within ${timeoutMs / 1000} s`)));
    req.on("error", reject);
    req.on("response", (res) => {
      const chunks: Buffer[] = [];
      res.on("data", (c: Buffer) => chunks.push(c));
      res.on("error", reject);
      res.on("end", () => {
        const ms = performance.now() - started;
        const text = Buffer.concat(chunks).toString("utf8");
        let parsed: unknown = undefined;
        try {
          parsed = JSON.parse(text);
        } catch {
          /* not JSON */
        }
        resolve({ status: res.statusCode ?? 0, body: parsed, text, ms });
      });
    });
    const source = body.stream();
    source.on("error", (err) => req.destroy(err));
    // An early answer (401, 413) closes the socket mid-upload: the response still counts.
    req.on("close", () => source.destroy());
    source.pipe(req);
  });
}
