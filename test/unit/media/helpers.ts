import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll } from "vitest";
import type { ExtractInput } from "@/lib/pipeline/types";

export const FIXTURES = path.resolve(import.meta.dirname, "../../fixtures");

const dirs: string[] = [];
afterAll(async () => {
  await Promise.all(dirs.map((d) => rm(d, { recursive: true, force: true })));
});

/** An ExtractInput for a fixture, with a fresh work directory removed after the file's tests. */
export async function input(relative: string, extra: Partial<ExtractInput> = {}): Promise<ExtractInput> {
  const workDir = await mkdtemp(path.join(tmpdir(), "tessera-media-test-"));
  dirs.push(workDir);
  return { path: path.join(FIXTURES, relative), extension: path.extname(relative).toLowerCase(), filename: path.basename(relative), workDir, ...extra };
}

/** The rejection of a promise, which must reject. */
export async function failure(promise: Promise<unknown>): Promise<{ code?: string; message: string }> {
  try {
    await promise;
  } catch (err) {
    return err as { code?: string; message: string };
  }
  throw new Error("expected a rejection");
}
