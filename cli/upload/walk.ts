import { readdir, stat } from "node:fs/promises";
import path from "node:path";

export interface LocalFile {
  /** Absolute path. */
  path: string;
  /** Path relative to the argument it was found under, with '/' separators (the argument's own name for a file). */
  relative: string;
  size: number;
}

/** Every regular file under the given paths, sorted by path so the same folder always makes the same batches. */
export async function walkPaths(inputs: string[]): Promise<LocalFile[]> {
  const found = new Map<string, LocalFile>();
  for (const input of inputs) {
    const root = path.resolve(input);
    const info = await stat(root);
    if (info.isFile()) {
      found.set(root, { path: root, relative: path.basename(root), size: info.size });
      continue;
    }
    for (const entry of await readdir(root, { recursive: true, withFileTypes: true })) {
      if (!entry.isFile()) continue;
      const full = path.join(entry.parentPath, entry.name);
      const relative = path.relative(root, full).split(path.sep).join("/");
      found.set(full, { path: full, relative, size: (await stat(full)).size });
    }
  }
  return [...found.values()].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
}

/**
 * The name the server stores: the path under the folder with '/' written as '__' (the API
 * refuses '/' in a filename). Keeping the folders in the name keeps two files called
 * notes.md in different folders from being taken as revisions of one file.
 */
export function storedFilename(relative: string): string {
  return relative.split("/").filter(Boolean).join("__");
}
