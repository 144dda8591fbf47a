import { z } from "zod";
import { getBlobStore } from "@/lib/blob-store";
import { mediaPreviewsPrefix } from "@/lib/storage";

/** What the pipeline writes next to the WebP files, so listing previews reads one small object. */
export const PREVIEW_MANIFEST = "previews.json";

export const PreviewEntry = z.object({ index: z.number().int(), label: z.string().nullable(), start_s: z.number().nullable() });
export type PreviewEntry = z.infer<typeof PreviewEntry>;

type MediaIds = { accountId: string; mediaId: string };

/** Keys in the blob store, made from the account and the stored id, never from a request's text. */
export const previewKey = (ids: MediaIds, index: number) => `${mediaPreviewsPrefix(ids)}${index}.webp`;
export const previewManifestKey = (ids: MediaIds) => `${mediaPreviewsPrefix(ids)}${PREVIEW_MANIFEST}`;

/** The media's previews, in order; none when it has no pictures or was processed before previews existed. */
export async function listMediaPreviews(ids: MediaIds): Promise<PreviewEntry[]> {
  const bytes = await getBlobStore().getBuffer(previewManifestKey(ids)).catch(() => null);
  if (bytes === null) return [];
  const parsed = z.array(PreviewEntry).safeParse(JSON.parse(bytes.toString("utf8")));
  return parsed.success ? parsed.data : [];
}

/**
 * Removes media previews. Called after the rows are deleted: a crash in between leaves objects
 * no route can reach (the media is gone), never a media whose pictures vanished.
 */
export async function deleteMediaPreviews({ accountId, mediaIds }: { accountId: string; mediaIds: string[] }) {
  const store = getBlobStore();
  await Promise.all(mediaIds.map((mediaId) => store.deletePrefix(mediaPreviewsPrefix({ accountId, mediaId }))));
}
