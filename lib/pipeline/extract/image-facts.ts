import exifr from "exifr";
import type { Sharp } from "sharp";
import { recognizeText } from "@/lib/pipeline/extract/ocr";

export interface ExifFacts {
  make?: string;
  model?: string;
  /** The camera's wall-clock time, "YYYY-MM-DD HH:MM:SS" (EXIF has no time zone). */
  takenAt?: string;
  latitude?: number;
  longitude?: number;
}

/** Camera, date taken and GPS position; an image without EXIF (or with a damaged block) has none. */
export async function readExif(bytes: Buffer): Promise<ExifFacts> {
  const tags = (await exifr.parse(bytes, { tiff: true, exif: true, gps: true, xmp: false, icc: false, iptc: false }).catch(() => null)) as Record<string, unknown> | null;
  if (!tags) return {};
  const text = (v: unknown) => (typeof v === "string" && v.trim() ? v.trim().replace(/\0/g, "").slice(0, 100) : undefined);
  const facts: ExifFacts = { make: text(tags.Make), model: text(tags.Model) };
  const taken = tags.DateTimeOriginal ?? tags.CreateDate ?? tags.DateTime;
  // exifr revives EXIF dates in this machine's zone; reading them back locally keeps the camera's clock.
  if (taken instanceof Date && !Number.isNaN(taken.getTime())) {
    const p = (n: number) => String(n).padStart(2, "0");
    facts.takenAt = `${taken.getFullYear()}-${p(taken.getMonth() + 1)}-${p(taken.getDate())} ${p(taken.getHours())}:${p(taken.getMinutes())}:${p(taken.getSeconds())}`;
  }
  const { latitude, longitude } = tags as { latitude?: number; longitude?: number };
  if (Number.isFinite(latitude) && Number.isFinite(longitude) && Math.abs(latitude!) <= 90 && Math.abs(longitude!) <= 180) {
    facts.latitude = Math.round(latitude! * 1e6) / 1e6;
    facts.longitude = Math.round(longitude! * 1e6) / 1e6;
  }
  return facts;
}

/** "Canon EOS R6" rather than "Canon Canon EOS R6". */
export function cameraName({ make, model }: ExifFacts): string | undefined {
  if (!model) return make;
  return make && !model.toLowerCase().startsWith(make.toLowerCase()) ? `${make} ${model}` : model;
}

// Tesseract reads printed text best at 20-40 px per line height: small images are enlarged
// (at most 2x), huge ones reduced, and colour dropped, in an OCR-only copy. The 512 px
// picture kept for the visual embedding is too small for text of ordinary size.
const OCR_MIN_EDGE = 1200;
const OCR_MAX_EDGE = 2400;

/** Printed text in the image, read by Tesseract (tesseract.js, in a worker thread). */
export async function ocrImage(image: Sharp, width: number, height: number, signal?: AbortSignal): Promise<string> {
  const edge = Math.max(width, height);
  const target = Math.round(Math.min(OCR_MAX_EDGE, Math.max(edge, Math.min(OCR_MIN_EDGE, edge * 2))));
  const png = await image
    .clone()
    .resize({ width: width >= height ? target : undefined, height: height > width ? target : undefined })
    .flatten({ background: "#ffffff" })
    .greyscale()
    .png({ compressionLevel: 1 })
    .toBuffer();
  return cleanOcrText(await recognizeText(png, { signal }));
}

/** Lines that hold a letter or a digit: Tesseract reads specks and rules as stray punctuation. */
export function cleanOcrText(text: string): string {
  return text
    .replace(/\f/g, "\n")
    .split("\n")
    .map((l) => l.trim())
    .filter((l) => /[\p{L}\p{N}]/u.test(l))
    .join("\n");
}
