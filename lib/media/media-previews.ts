import { readFile, rm } from "node:fs/promises";
import path from "node:path";
import { z } from "zod";
import { mediaPreviewsDir } from "@/lib/storage";

/** What the pipeline writes next to the WebP files, so listing previews reads one small file. */
export const PREVIEW_MANIFEST = "previews.json";

export const PreviewEntry = z.object({ index: z.number().int(), label: z.string().nullable(), start_s: z.number().nullable() });
export type PreviewEntry = z.infer<typeof PreviewEntry>;

export const previewFile = (dir: string, index: number) => path.join(dir, `${index}.webp`);

/** The media's previews, in order; none when it has no pictures or was processed before previews existed. */
export async function listMediaPreviews({ accountId, mediaId }: { accountId: string; mediaId: string }): Promise<PreviewEntry[]> {
  const text = await readFile(path.join(mediaPreviewsDir({ accountId, mediaId }), PREVIEW_MANIFEST), "utf8").catch(() => null);
  if (text === null) return [];
  const parsed = z.array(PreviewEntry).safeParse(JSON.parse(text));
  return parsed.success ? parsed.data : [];
}

/**
 * Removes media previews. Called after the rows are deleted: a crash in between leaves files
 * no route can reach (the media is gone), never a media whose pictures vanished.
 */
export async function deleteMediaPreviews({ accountId, mediaIds }: { accountId: string; mediaIds: string[] }) {
  await Promise.all(mediaIds.map((mediaId) => rm(mediaPreviewsDir({ accountId, mediaId }), { recursive: true, force: true })));
}
