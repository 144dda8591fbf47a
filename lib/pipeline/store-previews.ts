import { mkdir, rename, rm, writeFile } from "node:fs/promises";
import path from "node:path";
import sharp from "sharp";
import { MAX_PREVIEWS_PER_MEDIA, PREVIEW_MAX_EDGE, type MediaCategory } from "@/lib/constants";
import { PREVIEW_MANIFEST, previewFile, type PreviewEntry } from "@/lib/media/media-previews";
import { mediaPreviewsDir } from "@/lib/storage";
import type { ExtractedPicture } from "./types";

/**
 * Keeps a small WebP of each picture the extractor produced (already decoded, sanitised and
 * normalised in the work dir), replacing an earlier run's. Written into a fresh folder that
 * then takes the old one's place, so a reader never sees half of a run. A failure here costs
 * the previews, never the item. Documents get none:
 * their text is what the console shows, and rendering pages would cost more than the item.
 */
export async function storePreviews({ accountId, mediaId, category, pictures }: { accountId: string; mediaId: string; category: MediaCategory; pictures: ExtractedPicture[] }) {
  const target = mediaPreviewsDir({ accountId, mediaId });
  const kept = category === "document" ? [] : pictures.slice(0, MAX_PREVIEWS_PER_MEDIA);
  if (kept.length === 0) {
    await rm(target, { recursive: true, force: true });
    return 0;
  }
  const staging = `${target}.tmp-${process.pid}-${Date.now()}`;
  await mkdir(staging, { recursive: true });
  try {
    const manifest: PreviewEntry[] = [];
    for (const [index, picture] of kept.entries()) {
      await sharp(picture.path).resize(PREVIEW_MAX_EDGE, PREVIEW_MAX_EDGE, { fit: "inside", withoutEnlargement: true }).webp({ quality: 75 }).toFile(previewFile(staging, index));
      manifest.push({ index, label: picture.label ?? null, start_s: picture.startS ?? null });
    }
    await writeFile(path.join(staging, PREVIEW_MANIFEST), JSON.stringify(manifest));
    await rm(target, { recursive: true, force: true });
    await rename(staging, target);
    return manifest.length;
  } catch (error) {
    // A preview is a convenience: the item's text and vectors are what was paid for.
    console.warn(`previews of ${mediaId} were not kept: ${(error as Error).message}`);
    await rm(staging, { recursive: true, force: true });
    return 0;
  }
}
