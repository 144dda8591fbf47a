import sharp from "sharp";
import { getBlobStore } from "@/lib/blob-store";
import { MAX_PREVIEWS_PER_MEDIA, PREVIEW_MAX_EDGE, type MediaCategory } from "@/lib/constants";
import { previewKey, previewManifestKey, type PreviewEntry } from "@/lib/media/media-previews";
import { mediaPreviewsPrefix } from "@/lib/storage";
import type { ExtractedPicture } from "./types";

/**
 * Keeps a small WebP of each picture the extractor produced (already decoded, sanitised and
 * normalised in the work dir) in the blob store, replacing an earlier run's. The pictures go
 * first and the manifest last, so a reader never lists a preview that is not there yet; an
 * earlier run's extra pictures go after it. A failure here costs the previews, never the item.
 * Documents get none: their text is what the console shows, and rendering pages would cost
 * more than the item.
 */
export async function storePreviews({ accountId, mediaId, category, pictures }: { accountId: string; mediaId: string; category: MediaCategory; pictures: ExtractedPicture[] }) {
  const store = getBlobStore();
  const ids = { accountId, mediaId };
  const kept = category === "document" ? [] : pictures.slice(0, MAX_PREVIEWS_PER_MEDIA);
  try {
    if (kept.length === 0) {
      await store.deletePrefix(mediaPreviewsPrefix(ids));
      return 0;
    }
    const manifest: PreviewEntry[] = [];
    for (const [index, picture] of kept.entries()) {
      const webp = await sharp(picture.path).resize(PREVIEW_MAX_EDGE, PREVIEW_MAX_EDGE, { fit: "inside", withoutEnlargement: true }).webp({ quality: 75 }).toBuffer();
      await store.put(previewKey(ids, index), webp);
      manifest.push({ index, label: picture.label ?? null, start_s: picture.startS ?? null });
    }
    await store.put(previewManifestKey(ids), Buffer.from(JSON.stringify(manifest)));
    const current = new Set([previewManifestKey(ids), ...manifest.map((m) => previewKey(ids, m.index))]);
    for await (const entry of store.list(mediaPreviewsPrefix(ids))) if (!current.has(entry.key)) await store.delete(entry.key);
    return manifest.length;
  } catch (error) {
    // A preview is a convenience: the item's text and vectors are what was paid for.
    console.warn(`previews of ${mediaId} were not kept: ${(error as Error).message}`);
    return 0;
  }
}
