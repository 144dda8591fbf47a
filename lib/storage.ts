import { mkdir } from "node:fs/promises";
import path from "node:path";
import { env } from "@/lib/env";

// Keys inside the blob store (lib/blob-store): the same names in a local folder and in a bucket.

/** Uploads are written here while the request streams in, and wait here until their item ends. */
export const INCOMING_PREFIX = "uploads/incoming/";

export const incomingKey = (token: string) => `${INCOMING_PREFIX}${token}.upload`;

/**
 * Previews of a media's pictures (image, key frames, 3D thumbnail) for the console, one folder
 * per account and media: previews/<accountId>/<mediaId>/<n>.webp. Unlike uploads they live as
 * long as the media.
 */
export const mediaPreviewsPrefix = ({ accountId, mediaId }: { accountId: string; mediaId: string }) => `previews/${accountId}/${mediaId}/`;

// Where the local-folder store puts them (what tests of the default store look at).

export function uploadsDir(): string {
  return path.resolve(/* turbopackIgnore: true */ env.DATA_DIR, "uploads");
}

export function incomingDir(): string {
  return path.resolve(/* turbopackIgnore: true */ env.DATA_DIR, INCOMING_PREFIX);
}

export function mediaPreviewsDir(ids: { accountId: string; mediaId: string }): string {
  return path.resolve(/* turbopackIgnore: true */ env.DATA_DIR, mediaPreviewsPrefix(ids));
}

/**
 * Scratch space of this process (extraction work dirs, copies of uploads fetched from an object
 * store): under its own DATA_DIR, so it is on the worker's disk and never shared.
 */
export async function workerTempDir(): Promise<string> {
  const dir = path.resolve(/* turbopackIgnore: true */ env.DATA_DIR, "tmp");
  await mkdir(dir, { recursive: true });
  return dir;
}
