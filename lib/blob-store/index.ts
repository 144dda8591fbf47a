import { env } from "@/lib/env";
import { localBlobStore } from "./local-store";
import { s3BlobStore } from "./s3-store";
import type { BlobStore } from "./types";

export type { BlobEntry, BlobStore, LocalCopy } from "./types";

let cached: BlobStore | undefined;

/** The store STORAGE_URL names: S3-compatible when it is s3://, else DATA_DIR on this machine. */
export function getBlobStore(): BlobStore {
  cached ??= env.STORAGE_URL
    ? s3BlobStore({
        url: env.STORAGE_URL,
        endpoint: env.S3_ENDPOINT,
        region: env.S3_REGION,
        forcePathStyle: env.S3_FORCE_PATH_STYLE,
        accessKeyId: env.AWS_ACCESS_KEY_ID,
        secretAccessKey: env.AWS_SECRET_ACCESS_KEY,
        sessionToken: env.AWS_SESSION_TOKEN,
      })
    : localBlobStore(env.DATA_DIR);
  return cached;
}

/** Tests point one process at a store they started (the environment is read once per process). */
export function useBlobStoreForTests(store: BlobStore | undefined): void {
  cached = store;
}
