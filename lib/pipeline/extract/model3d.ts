import { stat } from "node:fs/promises";
import path from "node:path";
import sharp from "sharp";
import { MODEL3D_THUMBNAIL_MAX_TRIANGLES } from "@/lib/constants";
import { ItemError, type ExtractedPicture, type ExtractedSection, type Extractor } from "@/lib/pipeline/types";
import { describeModel, modelMetadata, modelSections } from "./model3d-describe";
import { parseModel, read3mfEntries } from "./model3d-parse";

/** Thumbnail edge in pixels, as the f3d renderer this replaced produced. */
const THUMBNAIL_SIZE = 256;
const EXTENSIONS = new Set([".stl", ".obj", ".fbx", ".glb", ".3mf", ".ply", ".dae"]);

// Units the format itself defines; others (STL, OBJ, PLY, FBX) are unitless by spec.
// three.js scales COLLADA scenes to metres, and glTF is metres by definition.
const FIXED_UNITS: Record<string, string> = { ".glb": "m", ".dae": "m" };
const UNITS_3MF: Record<string, string> = { micron: "µm", millimeter: "mm", centimeter: "cm", inch: "in", foot: "ft", meter: "m" };

/** Geometry facts, part and material names, a D2 shape descriptor and a thumbnail of a 3D model. */
export const extractModel3d: Extractor = async ({ path: file, extension, filename, workDir, signal }) => {
  if (!EXTENSIONS.has(extension)) throw new ItemError("unsupported_media", `${extension || "this file type"} is not a 3D model type`);
  if (signal?.aborted) throw new ItemError("timeout", "extraction was cancelled");
  const info = await stat(file).catch(() => null);
  if (!info) throw new ItemError("file_not_found", "the uploaded file is missing");
  if (info.size === 0) throw new ItemError("corrupt_media", "file is empty");

  const zipEntries = extension === ".3mf" ? await read3mfEntries(file, signal) : undefined;
  // Drawn at twice the size and reduced: the reduction smooths the edges.
  const facts = await parseModel(file, extension, { signal, zipEntries, thumbnailSize: workDir ? THUMBNAIL_SIZE * 2 : undefined });
  const unit = FIXED_UNITS[extension] ?? (zipEntries ? unitOf3mf(zipEntries) : undefined);

  const skipped: string[] = [];
  const pictures: ExtractedPicture[] = [];
  if (!workDir) skipped.push("3d_thumbnails: no rendered thumbnail (no work directory)");
  else if (!facts.thumbnail) {
    const why = facts.triangles === 0 ? "the model has no faces" : facts.triangles > MODEL3D_THUMBNAIL_MAX_TRIANGLES ? `it has more than ${MODEL3D_THUMBNAIL_MAX_TRIANGLES.toLocaleString("en-US")} triangles` : "the model has no extent";
    skipped.push(`3d_thumbnails: no rendered thumbnail (${why})`);
  } else {
    const png = path.join(workDir, "thumbnail.png");
    const size = THUMBNAIL_SIZE * 2;
    await sharp(facts.thumbnail, { raw: { width: size, height: size, channels: 3 } })
      .resize(THUMBNAIL_SIZE, THUMBNAIL_SIZE, { kernel: "lanczos3" })
      .png()
      .toFile(png);
    pictures.push({ path: png, label: "thumbnail" });
  }

  const name = filename ?? path.basename(file);
  const sections: ExtractedSection[] = modelSections(facts, { extension, unit });
  return {
    description: describeModel(facts, { name, unit }),
    sections,
    metadata: modelMetadata(facts, { extension, unit, thumbnail: pictures.length > 0 }),
    pictures,
    ...(skipped.length > 0 && { skipped }),
  };
};

function unitOf3mf(entries: Record<string, Uint8Array>): string {
  const model = Object.entries(entries).find(([name]) => name.toLowerCase().endsWith(".model"));
  const unit = model && /<model\b[^>]*\bunit="(\w+)"/.exec(new TextDecoder().decode(model[1].subarray(0, 4096)))?.[1];
  return UNITS_3MF[unit ?? "millimeter"] ?? "mm"; // the 3MF spec's default is millimetres
}
