import type { ExtractedSection } from "@/lib/pipeline/types";
import type { ModelFacts } from "./model3d-parse";

// The description is one embedded sentence; long name lists go to the sections instead.
const NAMES_IN_DESCRIPTION = 20;
const NAMES_IN_METADATA_CHARS = 2_000;

const count = (n: number) => n.toLocaleString("en-US");
/** Four significant digits: enough to tell parts apart, short enough to read. */
const num = (n: number) => Number(n.toPrecision(4)).toLocaleString("en-US", { maximumFractionDigits: 6 });
const length = (unit?: string) => unit ?? "units";
const square = (unit?: string) => (unit ? `${unit}2` : "square units");
const cubic = (unit?: string) => (unit ? `${unit}3` : "cubic units");

function names(list: string[], max: number): string {
  return list.length > max ? `${list.slice(0, max).join(", ")} and ${list.length - max} more` : list.join(", ");
}

function geometryFacts(f: ModelFacts, unit?: string): string {
  const size = f.box.size.map(num).join(" x ");
  const shape = !f.closed
    ? "open surface (no enclosed volume)"
    : f.volume === null
      ? "closed, faces inconsistently oriented (no volume)"
      : `closed, volume ${num(f.volume)} ${cubic(unit)}`;
  return `${count(f.vertices)} vertices, ${count(f.triangles)} triangles, ${size} ${length(unit)} bounding box, ${shape}, surface ${num(f.area)} ${square(unit)}`;
}

/** One sentence for the text space: what the model is, its size and shape, and its names. */
export function describeModel(f: ModelFacts, { name, unit }: { name: string; unit?: string }): string {
  let text = `3D model '${name}': ${geometryFacts(f, unit)}`;
  if (f.parts.length > 0) text += `; parts: ${names(f.parts, NAMES_IN_DESCRIPTION)}`;
  if (f.materials.length > 0) text += `; materials: ${names(f.materials, NAMES_IN_DESCRIPTION)}`;
  return `${text}.`;
}

/** The same facts with every part and material name, so each name is searchable. */
export function modelSections(f: ModelFacts, { extension, unit }: { extension: string; unit?: string }): ExtractedSection[] {
  const corners = `from (${f.box.min.map(num).join(", ")}) to (${f.box.max.map(num).join(", ")})`;
  const sections: ExtractedSection[] = [
    { label: "geometry", text: `${extension.slice(1).toUpperCase()} model: ${geometryFacts(f, unit)}; bounding box ${corners}.` },
  ];
  if (f.parts.length > 0) sections.push({ label: "parts", text: `Parts: ${f.parts.join(", ")}.` });
  if (f.materials.length > 0) sections.push({ label: "materials", text: `Materials: ${f.materials.join(", ")}.` });
  return sections;
}

/** Flat facts for the media row; the D2 histogram is a JSON array of 64 fractions. */
export function modelMetadata(f: ModelFacts, { extension, unit, thumbnail }: { extension: string; unit?: string; thumbnail: boolean }) {
  const [minX, minY, minZ] = f.box.min as [number, number, number];
  const [maxX, maxY, maxZ] = f.box.max as [number, number, number];
  const metadata: Record<string, string | number | boolean> = {
    format: extension.slice(1),
    vertex_count: f.vertices,
    triangle_count: f.triangles,
    part_count: f.parts.length,
    material_count: f.materials.length,
    closed: f.closed,
    surface_area: f.area,
    bbox_min_x: minX,
    bbox_min_y: minY,
    bbox_min_z: minZ,
    bbox_max_x: maxX,
    bbox_max_y: maxY,
    bbox_max_z: maxZ,
    d2_histogram: JSON.stringify(f.d2.map((v) => Math.round(v * 1e5) / 1e5)),
    thumbnail,
  };
  if (f.volume !== null) metadata.volume = f.volume;
  if (unit) metadata.unit = unit;
  if (f.parts.length > 0) metadata.parts = f.parts.join(", ").slice(0, NAMES_IN_METADATA_CHARS);
  if (f.materials.length > 0) metadata.materials = f.materials.join(", ").slice(0, NAMES_IN_METADATA_CHARS);
  return metadata;
}
