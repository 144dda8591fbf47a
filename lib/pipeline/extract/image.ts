import { readFile } from "node:fs/promises";
import path from "node:path";
import { ItemError, type Extraction, type Extractor } from "@/lib/pipeline/types";
import { decodeImage } from "@/lib/pipeline/extract/image-decode";
import { cameraName, ocrImage, readExif } from "@/lib/pipeline/extract/image-facts";
import { ensureReadable, requireWorkDir } from "@/lib/pipeline/extract/media-input";
import { brief } from "@/lib/pipeline/extract/transcribe";

/** The picture kept for the visual embedding: small enough to embed fast, large enough to recognise. */
const PICTURE_EDGE = 512;
const EXIF_FORMATS = new Set([".jpg", ".jpeg", ".tiff", ".tif", ".heic", ".heif", ".png", ".webp"]);

/** A normalised picture, OCR text, EXIF facts, dimensions and format of every image type. */
export const extractImage: Extractor = async ({ path: file, extension, filename, workDir, signal }) => {
  await ensureReadable(file, signal);
  const dir = requireWorkDir(workDir);
  const decoded = await decodeImage(file, extension, signal);
  const { image, width, height, format } = decoded;
  signal?.throwIfAborted();

  const picture = path.join(dir, "picture.jpg");
  try {
    await image
      .clone()
      .resize(PICTURE_EDGE, PICTURE_EDGE, { fit: "inside", withoutEnlargement: true })
      .flatten({ background: "#ffffff" })
      .jpeg({ quality: 85 })
      .toFile(picture);
  } catch (err) {
    throw new ItemError("corrupt_media", `${extension.slice(1).toUpperCase()} image could not be decoded: ${(err as Error).message}`);
  }

  const exif = EXIF_FORMATS.has(extension) ? await readExif(await readFile(file)) : {};
  const metadata: Extraction["metadata"] = { width, height, format };
  const camera = cameraName(exif);
  if (camera) metadata.camera = camera;
  if (exif.takenAt) metadata.taken_at = exif.takenAt;
  if (exif.latitude !== undefined && exif.longitude !== undefined) {
    metadata.latitude = exif.latitude;
    metadata.longitude = exif.longitude;
  }
  if (decoded.removed?.length) metadata.svg_removed = decoded.removed.join("; ").slice(0, 500);

  const text = await ocrImage(image, width, height, signal);
  if (text) metadata.ocr_characters = text.length;

  const kind = camera || exif.takenAt ? "Photo" : extension === ".svg" ? "Drawing" : "Image";
  const facts = [
    exif.takenAt && `taken ${exif.takenAt.slice(0, 10)}`,
    camera && `with ${camera}`,
    exif.latitude !== undefined && `at ${exif.latitude},${exif.longitude}`,
  ].filter(Boolean);
  const description =
    `${kind} '${filename ?? `image${extension}`}', ${width}x${height} ${format.toUpperCase()}${facts.length ? `, ${facts.join(" ")}` : ""}.` +
    (text ? ` Text in the picture: ${brief(text)}` : " No text in the picture.");
  return {
    sections: text ? [{ text, label: "text in the picture" }] : [],
    metadata,
    description,
    pictures: [{ path: picture, label: "normalised picture" }],
  };
};
