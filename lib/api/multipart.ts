import busboy from "busboy";
import { createHash } from "node:crypto";
import { PassThrough, Readable, Transform } from "node:stream";
import { pipeline } from "node:stream/promises";
import type { BlobStore } from "@/lib/blob-store";
import { textProblem } from "@/lib/api/text-rules";
import { AppError } from "@/lib/errors";
import { randomToken } from "@/lib/ids";

const HEAD_BYTES = 8192;

export interface ReceivedFile {
  /** The client's filename, exactly as sent (never used as a path). */
  filename: string;
  /** The blob-store key the bytes were written to; empty when the file was not kept (see `problem`). */
  key: string;
  size: number;
  checksum: string;
  head: Buffer;
  /** Why the file was not kept whole, when it was refused while streaming. */
  problem?: string;
}

export interface ReceivedForm {
  fields: Map<string, string>;
  files: ReceivedFile[];
}

export interface ReceiveOptions {
  /** Where files are written, each under `key()` (a fresh name per file). */
  store: BlobStore;
  key: (token: string) => string;
  maxFiles: number;
  maxTotalBytes: number;
  /** The body is cut, and the request refused with 413, past this many bytes. */
  hardLimitBytes: number;
  /** Per-file limit by filename (category), or null when the file should not be stored at all. */
  fileLimit: (filename: string) => { maxBytes: number } | { refuse: string };
  /** The form field files arrive in (default "file"). */
  fileField?: string;
}

/**
 * Streams a multipart body into the blob store (a local file, or an S3 multipart upload),
 * hashing each file as it is written: memory stays flat whatever the upload size
 * (request.formData() would buffer it all). On any error every file written so far is
 * removed before the error is thrown.
 */
export async function receiveMultipart(request: Request, options: ReceiveOptions): Promise<ReceivedForm> {
  const contentType = request.headers.get("content-type") ?? "";
  if (!contentType.toLowerCase().startsWith("multipart/form-data")) {
    throw new AppError("validation_error", "Content-Type must be multipart/form-data.", { received: contentType || null });
  }
  const declared = Number(request.headers.get("content-length") ?? NaN);
  if (declared > options.hardLimitBytes) throw tooLarge(options, declared);
  if (!request.body) throw new AppError("validation_error", "The request has no body: attach at least one file.");

  const form: ReceivedForm = { fields: new Map(), files: [] };
  const writes: Promise<void>[] = [];
  try {
    await parse(request.body, contentType, options, form, writes);
  } catch (error) {
    // Let every write stream close first, so no file is (re)created after it is removed.
    await Promise.allSettled(writes);
    await Promise.all(form.files.filter((f) => f.key).map((f) => options.store.delete(f.key).catch(() => {})));
    throw error;
  }
  return form;
}

function parse(
  body: ReadableStream<Uint8Array>,
  contentType: string,
  options: ReceiveOptions,
  form: ReceivedForm,
  pending: Promise<void>[],
): Promise<void> {
  return new Promise((resolve, reject) => {
    let parser: busboy.Busboy;
    try {
      // preservePath: we refuse path-like names ourselves instead of silently stripping them.
      // defParamCharset: curl and browsers send a filename's raw UTF-8 bytes in `filename="…"`
      // (busboy's default, Latin-1, turned café.txt into cafÃ©.txt). RFC 5987 `filename*=UTF-8''…`
      // carries its own charset and wins over `filename` when both are sent.
      parser = busboy({
        headers: { "content-type": contentType },
        preservePath: true,
        defParamCharset: "utf8",
        limits: { fieldSize: 64 * 1024, fields: 50 },
      });
    } catch {
      reject(new AppError("validation_error", "Malformed multipart/form-data: the boundary is missing."));
      return;
    }
    const source = Readable.fromWeb(body as import("node:stream/web").ReadableStream<Uint8Array>);
    let bodyBytes = 0;
    let fileCount = 0;
    let totalFileBytes = 0;
    let failed = false;
    const open = new Set<Readable>();

    const fail = (error: AppError) => {
      if (failed) return;
      failed = true;
      source.unpipe(parser);
      source.destroy();
      for (const stream of open) stream.destroy(new Error("request refused"));
      reject(error);
    };

    source.on("data", (chunk: Buffer) => {
      bodyBytes += chunk.length;
      if (bodyBytes > options.hardLimitBytes) fail(tooLarge(options, bodyBytes));
    });
    source.on("error", () => fail(new AppError("validation_error", "The upload was interrupted.")));

    parser.on("field", (name, value, info) => {
      if (info.valueTruncated) return fail(new AppError("validation_error", `Field '${name}' is too long.`));
      const problem = textProblem(name) ?? textProblem(value);
      if (problem) return fail(new AppError("validation_error", `Field '${name}' is invalid: it ${problem}.`, { field: name }));
      form.fields.set(name, value);
    });

    parser.on("file", (name, stream, info) => {
      fileCount++;
      const field = options.fileField ?? "file";
      if (name !== field) {
        stream.resume();
        return fail(new AppError("validation_error", `Unexpected file field '${name}': send files in the '${field}' field.`));
      }
      if (fileCount > options.maxFiles) {
        // Keep reading (without storing) so the error can say how many files were sent.
        stream.resume();
        return;
      }
      const received: ReceivedFile = { filename: info.filename ?? "", key: "", size: 0, checksum: "", head: Buffer.alloc(0) };
      form.files.push(received);
      const limit = options.fileLimit(received.filename);
      if ("refuse" in limit) {
        received.problem = limit.refuse;
        stream.resume();
        return;
      }
      received.key = options.key(randomToken(16));
      open.add(stream);
      pending.push(
        writeFile(options.store, stream, received, limit.maxBytes, (n) => {
          totalFileBytes += n;
          return totalFileBytes <= options.maxTotalBytes;
        })
          .catch((error: unknown) =>
            fail(
              error instanceof StoreFailed
                ? new AppError("processing_error", "The upload could not be stored; nothing was charged. Retry later.")
                : new AppError("validation_error", "The upload was interrupted."),
            ),
          )
          .finally(() => open.delete(stream)),
      );
    });

    parser.on("fieldsLimit", () => fail(new AppError("validation_error", "Too many form fields.")));
    parser.on("error", () => fail(new AppError("validation_error", "Malformed multipart/form-data body.")));
    parser.on("close", () => {
      Promise.all(pending).then(() => {
        if (failed) return;
        if (fileCount > options.maxFiles) {
          return fail(
            new AppError("validation_error", "Batch size exceeds maximum allowed", {
              max_allowed: options.maxFiles,
              requested: fileCount,
              suggestion: `Please split your batch into smaller chunks of ${options.maxFiles} or fewer files`,
            }),
          );
        }
        if (totalFileBytes > options.maxTotalBytes) return fail(tooLarge(options, totalFileBytes, 400));
        resolve();
      });
    });
    source.pipe(parser);
  });
}

/** Writes one file while hashing; stops storing (but keeps draining) once a limit is passed. */
async function writeFile(store: BlobStore, stream: Readable, received: ReceivedFile, maxBytes: number, addToTotal: (n: number) => boolean) {
  const hash = createHash("sha256");
  const headParts: Buffer[] = [];
  let headLength = 0;
  const meter = new Transform({
    transform(chunk: Buffer, _encoding, callback) {
      received.size += chunk.length;
      const withinTotal = addToTotal(chunk.length);
      if (received.size > maxBytes || !withinTotal) {
        received.problem ??= `exceeds the ${Math.round(maxBytes / 1024 / 1024)} MB limit for its type`;
        return callback();
      }
      hash.update(chunk);
      if (headLength < HEAD_BYTES) {
        headParts.push(chunk.subarray(0, HEAD_BYTES - headLength));
        headLength += Math.min(chunk.length, HEAD_BYTES - headLength);
      }
      callback(null, chunk);
    },
  });
  // put resolves once the object is durable (fsynced, or acknowledged by S3): before the batch
  // that owns it can commit.
  // pipeline listens for errors on every stream from the start (put may attach its own later).
  const body = new PassThrough();
  // Both settle before this returns: a refused upload's partial object is gone when the caller cleans up.
  // Whose failure it was decides the answer: a client that went away (400) or a store that
  // refused the bytes (500, nothing charged). A store that fails stops reading, so the body is
  // destroyed and the client's side ends too.
  let clientFailed = false;
  let storeFailed = false;
  stream.once("error", () => (clientFailed = true));
  const putting = store.put(received.key, body).catch((error: unknown) => {
    if (!clientFailed) storeFailed = true;
    body.destroy(error as Error);
    throw error;
  });
  const settled = await Promise.allSettled([pipeline(stream, meter, body), putting]);
  if (storeFailed) throw new StoreFailed((settled[1] as PromiseRejectedResult).reason);
  const failed = settled.find((r) => r.status === "rejected");
  if (failed) throw failed.reason;
  received.checksum = hash.digest("hex");
  received.head = Buffer.concat(headParts);
  if (received.problem) {
    await store.delete(received.key);
    received.key = "";
  }
}

/** The blob store refused or lost the bytes (not the client's doing). */
class StoreFailed extends Error {
  constructor(cause: unknown) {
    super(`the blob store failed: ${(cause as Error)?.message ?? String(cause)}`, { cause });
  }
}

function tooLarge(options: ReceiveOptions, requested: number, status: 400 | 413 = 413): AppError {
  const mb = (n: number) => Math.round((n / 1024 / 1024) * 10) / 10;
  const details = {
    max_allowed: mb(options.maxTotalBytes),
    requested: mb(requested),
    unit: "MB",
    suggestion: `Please split your batch into smaller batches of ${mb(options.maxTotalBytes)} MB or less`,
  };
  return status === 413
    ? new AppError("payload_too_large", "Request body exceeds the maximum allowed size", details)
    : new AppError("validation_error", "Batch size exceeds maximum allowed", details);
}
