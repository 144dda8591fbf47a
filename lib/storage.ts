import { open, readdir, rm, stat } from "node:fs/promises";
import path from "node:path";
import { env } from "@/lib/env";

/** Uploads wait here, one folder per batch, until their item is processed. */
export function uploadsDir(): string {
  return path.resolve(/* turbopackIgnore: true */ env.DATA_DIR, "uploads");
}

/**
 * Previews of a media's pictures (image, key frames, 3D thumbnail) for the console, one folder
 * per account and media: DATA_DIR/previews/<accountId>/<mediaId>/<n>.webp. Unlike uploads they
 * live as long as the media.
 */
export function mediaPreviewsDir({ accountId, mediaId }: { accountId: string; mediaId: string }): string {
  return path.join(path.resolve(/* turbopackIgnore: true */ env.DATA_DIR, "previews"), accountId, mediaId);
}

/**
 * Makes a folder's entries (files created, renamed into it or removed) survive a power loss,
 * as fsync does for a file's bytes: a committed batch must not point at uploads the disk
 * never recorded.
 */
export async function syncDirectory(dir: string): Promise<void> {
  const handle = await open(dir, "r");
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}

/** Files being received: moved into the batch's folder once the batch is committed. */
export function incomingDir(): string {
  return path.join(uploadsDir(), "incoming");
}

/**
 * Removes receiving files left by a server that died mid-upload. Only files older than
 * `maxAgeMs` go, so uploads in progress on any app instance are never touched.
 */
export async function removeStaleIncoming(maxAgeMs: number): Promise<number> {
  const dir = incomingDir();
  const names = await readdir(dir).catch(() => [] as string[]);
  let removed = 0;
  for (const name of names) {
    const file = path.join(dir, name);
    const info = await stat(file).catch(() => null);
    if (info && Date.now() - info.mtimeMs > maxAgeMs) {
      await rm(file, { force: true });
      removed++;
    }
  }
  return removed;
}
