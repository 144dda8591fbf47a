import path from "node:path";
import exifr from "exifr";
import type { Sharp } from "sharp";
import { ItemError } from "@/lib/pipeline/types";
import { toolPath } from "@/lib/pipeline/extract/media-tools";
import { runTool } from "@/lib/pipeline/extract/run-tool";

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
const OCR_TIMEOUT_MS = 60_000;

/** Printed text in the image via the tesseract CLI, single-threaded (OMP_THREAD_LIMIT=1 is 4-15x faster on a shared machine). */
export async function ocrImage(image: Sharp, width: number, height: number, workDir: string, signal?: AbortSignal): Promise<string> {
  const tesseract = toolPath("tesseract");
  if (!tesseract) throw new ItemError("processing_error", "tesseract is not installed");
  const edge = Math.max(width, height);
  const target = Math.round(Math.min(OCR_MAX_EDGE, Math.max(edge, Math.min(OCR_MIN_EDGE, edge * 2))));
  const file = path.join(workDir, "ocr.png");
  await image
    .clone()
    .resize({ width: width >= height ? target : undefined, height: height > width ? target : undefined })
    .flatten({ background: "#ffffff" })
    .greyscale()
    .png({ compressionLevel: 1 })
    .toFile(file);
  const result = await runTool(tesseract, [file, "stdout", "-l", "eng", "--psm", "3"], {
    timeoutMs: OCR_TIMEOUT_MS,
    signal,
    maxOutputBytes: 512 * 1024,
    env: { ...process.env, OMP_THREAD_LIMIT: "1" },
  });
  if (result.code !== 0) throw new ItemError("processing_error", `tesseract failed (exit code ${result.code})`);
  return result.stdout
    .replace(/\f/g, "\n")
    .split("\n")
    .map((l) => l.trim())
    .filter((l) => /[\p{L}\p{N}]/u.test(l))
    .join("\n");
}
