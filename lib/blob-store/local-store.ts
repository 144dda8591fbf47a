import { createReadStream, createWriteStream } from "node:fs";
import { mkdir, open, readdir, readFile, rename, rm, stat } from "node:fs/promises";
import path from "node:path";
import { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import { randomToken } from "@/lib/ids";
import type { BlobEntry, BlobStore, LocalCopy } from "./types";

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

/** The default store: files under one folder (DATA_DIR), as on one machine or a shared disk. */
export function localBlobStore(root: string): BlobStore {
  const base = path.resolve(/* turbopackIgnore: true */ root);
  // An absolute path (a ref, or a row written before the store existed) is used as it is.
  const file = (keyOrRef: string) => path.resolve(base, keyOrRef);
  const exists = (p: string) => stat(p).then((s) => s.isFile(), () => false);

  return {
    kind: "local",
    describe: () => `local folder ${base}`,
    ref: file,
    async put(key, body) {
      const target = file(key);
      const dir = path.dirname(target);
      const created = await mkdir(dir, { recursive: true });
      // Written beside its name and renamed over it, so a reader never sees half of an object.
      const partial = `${target}.part-${randomToken(6)}`;
      try {
        // flush: the bytes reach the disk (fsync) before anything that names them can commit.
        await pipeline(Buffer.isBuffer(body) ? Readable.from([body]) : body, createWriteStream(partial, { flush: true }));
        await rename(partial, target);
      } catch (error) {
        await rm(partial, { force: true });
        throw error;
      }
      await syncDirectory(dir);
      if (created) await syncDirectory(path.dirname(created));
    },
    async get(keyOrRef) {
      const p = file(keyOrRef);
      return (await exists(p)) ? createReadStream(p) : null;
    },
    getBuffer: (keyOrRef) => readFile(file(keyOrRef)).catch(() => null),
    async toLocalFile(keyOrRef): Promise<LocalCopy | null> {
      const p = file(keyOrRef);
      return (await exists(p)) ? { path: p, release: async () => {} } : null;
    },
    delete: (keyOrRef) => rm(file(keyOrRef), { force: true }),
    deletePrefix: (prefix) => rm(file(prefix), { recursive: true, force: true }),
    async *list(prefix): AsyncIterable<BlobEntry> {
      const dir = file(prefix);
      const names = await readdir(dir, { recursive: true }).catch(() => [] as string[]);
      for (const name of names) {
        const info = await stat(path.join(dir, name)).catch(() => null);
        if (!info?.isFile()) continue;
        yield { key: path.relative(base, path.join(dir, name)).split(path.sep).join("/"), modifiedAt: info.mtime };
      }
    },
  };
}
