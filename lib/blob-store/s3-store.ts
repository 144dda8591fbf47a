import { DeleteObjectCommand, GetObjectCommand, ListObjectsV2Command, PutObjectCommand, S3Client, type S3ClientConfig } from "@aws-sdk/client-s3";
import { Upload } from "@aws-sdk/lib-storage";
import { createWriteStream } from "node:fs";
import { mkdir, rm } from "node:fs/promises";
import path from "node:path";
import { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import { randomToken } from "@/lib/ids";
import type { BlobEntry, BlobStore, LocalCopy } from "./types";

export interface S3StoreConfig {
  /** s3://bucket or s3://bucket/prefix */
  url: string;
  endpoint?: string;
  region: string;
  forcePathStyle?: boolean;
  accessKeyId?: string;
  secretAccessKey?: string;
  sessionToken?: string;
}

/** Parts of a multipart upload: memory per file in flight is PART_BYTES x QUEUE_SIZE, whatever its size. */
const PART_BYTES = 8 * 1024 * 1024;
const QUEUE_SIZE = 2;
const DELETE_CONCURRENCY = 16;

export function parseStorageUrl(url: string): { bucket: string; prefix: string } {
  const match = /^s3:\/\/([^/]+)\/?(.*)$/.exec(url);
  if (!match) throw new Error(`STORAGE_URL must be s3://bucket/prefix, got ${url}`);
  return { bucket: match[1]!, prefix: match[2]!.replace(/^\/+|\/+$/g, "") };
}

/** S3-compatible object storage (AWS S3, R2, MinIO, Ceph RGW, GCS interoperability). */
export function s3BlobStore(config: S3StoreConfig): BlobStore {
  const { bucket, prefix } = parseStorageUrl(config.url);
  const clientConfig: S3ClientConfig = {
    region: config.region,
    ...(config.endpoint && { endpoint: config.endpoint }),
    forcePathStyle: Boolean(config.forcePathStyle),
    // The SDK's default CRC checksums (aws-chunked bodies) are refused by many S3-compatible
    // servers; integrity is checked by our own SHA-256 of every upload instead.
    requestChecksumCalculation: "WHEN_REQUIRED",
    responseChecksumValidation: "WHEN_REQUIRED",
    ...(config.accessKeyId &&
      config.secretAccessKey && {
        credentials: { accessKeyId: config.accessKeyId, secretAccessKey: config.secretAccessKey, ...(config.sessionToken && { sessionToken: config.sessionToken }) },
      }),
  };
  const client = new S3Client(clientConfig);
  const refPrefix = `s3://${bucket}/`;
  const objectKey = (keyOrRef: string) => (keyOrRef.startsWith(refPrefix) ? keyOrRef.slice(refPrefix.length) : prefix ? `${prefix}/${keyOrRef}` : keyOrRef);
  const keyOf = (object: string) => (prefix ? object.slice(prefix.length + 1) : object);

  async function getObject(keyOrRef: string) {
    try {
      return await client.send(new GetObjectCommand({ Bucket: bucket, Key: objectKey(keyOrRef) }));
    } catch (error) {
      if (isNotFound(error)) return null;
      throw error;
    }
  }

  async function* listObjects(listPrefix: string): AsyncIterable<BlobEntry> {
    let token: string | undefined;
    do {
      const page = await client.send(new ListObjectsV2Command({ Bucket: bucket, Prefix: objectKey(listPrefix), ContinuationToken: token }));
      for (const o of page.Contents ?? []) if (o.Key) yield { key: keyOf(o.Key), modifiedAt: o.LastModified ?? new Date(0) };
      token = page.IsTruncated ? page.NextContinuationToken : undefined;
    } while (token);
  }

  const store: BlobStore = {
    kind: "s3",
    describe: () => `S3 bucket ${bucket}${prefix ? `/${prefix}` : ""}${config.endpoint ? ` at ${new URL(config.endpoint).host}` : ""}`,
    ref: (key) => `${refPrefix}${objectKey(key)}`,
    async put(key, body) {
      const Key = objectKey(key);
      if (Buffer.isBuffer(body)) {
        await client.send(new PutObjectCommand({ Bucket: bucket, Key, Body: body }));
        return;
      }
      // Multipart past one part; an upload that fails is aborted (no parts left behind).
      // S3 acknowledges a PUT or CompleteMultipartUpload only once the object is durable.
      await new Upload({ client, params: { Bucket: bucket, Key, Body: body }, partSize: PART_BYTES, queueSize: QUEUE_SIZE, leavePartsOnError: false }).done();
    },
    async get(keyOrRef) {
      const object = await getObject(keyOrRef);
      return object?.Body ? (object.Body as Readable) : null;
    },
    async getBuffer(keyOrRef) {
      const object = await getObject(keyOrRef);
      return object?.Body ? Buffer.from(await object.Body.transformToByteArray()) : null;
    },
    async toLocalFile(keyOrRef, dir): Promise<LocalCopy | null> {
      const object = await getObject(keyOrRef);
      if (!object?.Body) return null;
      await mkdir(dir, { recursive: true });
      const file = path.join(dir, `${randomToken(8)}-${path.posix.basename(objectKey(keyOrRef))}`);
      try {
        await pipeline(object.Body as Readable, createWriteStream(file));
      } catch (error) {
        await rm(file, { force: true });
        throw error;
      }
      return { path: file, release: () => rm(file, { force: true }) };
    },
    async delete(keyOrRef) {
      await client.send(new DeleteObjectCommand({ Bucket: bucket, Key: objectKey(keyOrRef) }));
    },
    async deletePrefix(deletePrefix) {
      // One DELETE per object: DeleteObjects needs a Content-MD5 that not every compatible server checks alike.
      const keys: string[] = [];
      for await (const entry of listObjects(deletePrefix.endsWith("/") ? deletePrefix : `${deletePrefix}/`)) keys.push(entry.key);
      for (let i = 0; i < keys.length; i += DELETE_CONCURRENCY) await Promise.all(keys.slice(i, i + DELETE_CONCURRENCY).map((k) => store.delete(k)));
    },
    list: listObjects,
  };
  return store;
}

function isNotFound(error: unknown): boolean {
  const e = error as { name?: string; $metadata?: { httpStatusCode?: number } };
  return e?.name === "NoSuchKey" || e?.name === "NotFound" || e?.$metadata?.httpStatusCode === 404;
}

