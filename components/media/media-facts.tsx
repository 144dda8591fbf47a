import type { ReactNode } from "react";

type Metadata = Record<string, unknown>;

const num = (v: unknown) => (typeof v === "number" ? v : null);
const round = (v: number) => (Math.abs(v) >= 1000 ? Math.round(v).toLocaleString("en-US") : Number(v.toPrecision(4)).toLocaleString("en-US"));

export function FactList({ facts }: { facts: Array<[string, ReactNode]> }) {
  return (
    <dl className="grid grid-cols-1 gap-x-6 gap-y-2 text-sm sm:grid-cols-[max-content_1fr]">
      {facts.map(([label, value]) => (
        <div key={label} className="contents">
          <dt className="text-slate-600">{label}</dt>
          <dd className="mb-2 min-w-0 break-words text-slate-900 sm:mb-0">{value}</dd>
        </div>
      ))}
    </dl>
  );
}

/** Keys the 3D extractor stores (lib/pipeline/extract/model3d-describe.ts modelMetadata). */
export function geometryFacts(m: Metadata): Array<[string, ReactNode]> {
  const unit = typeof m.unit === "string" ? ` ${m.unit}` : "";
  const facts: Array<[string, ReactNode]> = [];
  if (num(m.vertex_count) !== null) facts.push(["Vertices", round(num(m.vertex_count)!)]);
  if (num(m.triangle_count) !== null) facts.push(["Faces (triangles)", round(num(m.triangle_count)!)]);
  if (num(m.part_count) !== null) facts.push(["Parts", `${m.part_count}${typeof m.parts === "string" ? ` (${m.parts})` : ""}`]);
  if (num(m.material_count) !== null) facts.push(["Materials", `${m.material_count}${typeof m.materials === "string" ? ` (${m.materials})` : ""}`]);
  const axes = ["x", "y", "z"] as const;
  const min = axes.map((a) => num(m[`bbox_min_${a}`]));
  const max = axes.map((a) => num(m[`bbox_max_${a}`]));
  if (min.every((v) => v !== null) && max.every((v) => v !== null)) {
    facts.push(["Bounding box", `${axes.map((_, i) => round(max[i]! - min[i]!)).join(" × ")}${unit}`]);
    facts.push(["Box corners", `(${min.map((v) => round(v!)).join(", ")}) to (${max.map((v) => round(v!)).join(", ")})`]);
  }
  if (num(m.surface_area) !== null) facts.push(["Surface area", `${round(num(m.surface_area)!)}${unit ? `${unit}²` : ""}`]);
  if (num(m.volume) !== null) facts.push(["Volume", `${round(num(m.volume)!)}${unit ? `${unit}³` : ""}`]);
  if (typeof m.closed === "boolean") facts.push(["Closed (watertight)", m.closed ? "Yes" : "No"]);
  return facts;
}

/** What the image extractor keeps from EXIF (camera, capture time, GPS) plus the pixel size. */
export function imageFacts(m: Metadata): Array<[string, ReactNode]> {
  const facts: Array<[string, ReactNode]> = [];
  if (num(m.width) !== null && num(m.height) !== null) facts.push(["Dimensions", `${m.width} × ${m.height} px`]);
  if (typeof m.format === "string") facts.push(["Format", m.format.toUpperCase()]);
  if (typeof m.camera === "string") facts.push(["Camera", m.camera]);
  if (typeof m.taken_at === "string") facts.push(["Taken", m.taken_at]);
  if (num(m.latitude) !== null && num(m.longitude) !== null) facts.push(["Location", `${m.latitude}, ${m.longitude}`]);
  return facts;
}

/** Numbers whose unit is not in their key. */
const UNITS_BY_KEY: Record<string, [label: string, unit: string]> = {
  sample_rate: ["sample_rate", "Hz"],
  fps: ["frame_rate", "fps"],
};
/** Numbers whose key ends with their unit: `duration_s` reads "Duration", "5.2 s". */
const UNIT_SUFFIXES: Array<[suffix: string, unit: string]> = [
  ["_s", "s"],
  ["_hz", "Hz"],
  ["_bytes", "bytes"],
];

/** A number's label and unit, from its key. */
function labelAndUnit(key: string): [label: string, unit: string | null] {
  const known = UNITS_BY_KEY[key];
  if (known) return known;
  const suffix = UNIT_SUFFIXES.find(([s]) => key.endsWith(s));
  return suffix ? [key.slice(0, -suffix[0].length), suffix[1]] : [key, null];
}

function otherFact(key: string, value: unknown): [string, ReactNode] {
  const [label, unit] = typeof value === "number" ? labelAndUnit(key) : [key, null];
  const shown = Array.isArray(value) ? value.join("; ") : typeof value === "boolean" ? (value ? "Yes" : "No") : String(value);
  const words = label.replace(/_/g, " ");
  return [words.charAt(0).toUpperCase() + words.slice(1), unit ? `${shown} ${unit}` : shown];
}

/** Every other fact as it was stored, for the types without a dedicated panel. */
export function otherFacts(m: Metadata, shown: Set<string>): Array<[string, ReactNode]> {
  return Object.entries(m)
    .filter(([key]) => !shown.has(key) && key !== "d2_histogram" && !key.startsWith("bbox_"))
    .map(([key, value]) => otherFact(key, value));
}

/** A picture's caption: the extractor's labels are for vectors, these are for people. */
export function pictureCaption({ label, start_s }: { label: string | null; start_s: number | null }, formatTime: (s: number) => string): string | null {
  if (start_s !== null) return `Frame at ${formatTime(start_s)}`;
  if (label === "normalised picture") return "Picture";
  if (label === "thumbnail") return "Rendered thumbnail";
  return label;
}
