import type { Readable } from "node:stream";

export interface BlobEntry {
  /** The key as passed to put (relative to the store's root or prefix). */
  key: string;
  modifiedAt: Date;
}

export interface LocalCopy {
  /** A file holding the object's bytes, for extractors that need a path. */
  path: string;
  /** Removes the copy (a no-op when the store is a local folder and the path is the object itself). */
  release(): Promise<void>;
}

/**
 * Where uploads and previews are kept: a local folder (DATA_DIR, the default) or an
 * S3-compatible bucket. Keys are server-made relative names ("uploads/incoming/x.upload");
 * `ref` turns one into the string kept in the database (an absolute path, or s3://bucket/key),
 * and every method takes either.
 */
export interface BlobStore {
  readonly kind: "local" | "s3";
  /** For start-up lines and status: never carries a credential. */
  describe(): string;
  ref(key: string): string;
  /** Resolves once the object is durable (fsynced, or acknowledged by the object store). */
  put(key: string, body: Readable | Buffer): Promise<void>;
  /** null when there is no such object. */
  get(keyOrRef: string): Promise<Readable | null>;
  getBuffer(keyOrRef: string): Promise<Buffer | null>;
  /** The bytes as a local file inside `dir` (the worker's own disk); null when the object is gone. */
  toLocalFile(keyOrRef: string, dir: string): Promise<LocalCopy | null>;
  /** Idempotent: deleting a missing object is not an error. */
  delete(keyOrRef: string): Promise<void>;
  deletePrefix(prefix: string): Promise<void>;
  list(prefix: string): AsyncIterable<BlobEntry>;
}
