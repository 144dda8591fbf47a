// A small software rasteriser for 3D thumbnails, run inside the parse worker on the
// triangles it has just measured: no GPU, no X display, no system package, and the same
// picture for the same model on every machine (plain float arithmetic in a fixed order).
//
// The camera looks from 35 degrees around the vertical (+Y) axis and 25 degrees above it,
// orthographic, with the model's projection centred and filling 90% of the frame; faces are
// flat-shaded by a light over the viewer's right shoulder, both sides lit alike since files
// rarely orient their faces consistently.

const BASE = [0.8, 0.82, 0.86];
const BACKGROUND = [245, 246, 248];
const AMBIENT = 0.35;
/** Share of the picture's edge the model spans at most. */
const FILL = 0.9;

const rad = (deg) => (deg * Math.PI) / 180;

function normalize(v) {
  const n = Math.hypot(v[0], v[1], v[2]) || 1;
  return [v[0] / n, v[1] / n, v[2] / n];
}

/**
 * RGB pixels (size x size x 3) of the meshes, or null when there is nothing to draw.
 * `meshes`: [{ positions: Float32Array (x, y, z ...), triangles: Uint32Array (3 indices each) }].
 */
export function renderMeshes(meshes, { size = 512, azimuth = 35, elevation = 25 } = {}) {
  const min = [Infinity, Infinity, Infinity];
  const max = [-Infinity, -Infinity, -Infinity];
  let triangles = 0;
  for (const { positions: p, triangles: t } of meshes) {
    triangles += t.length / 3;
    for (const i of t) {
      for (let k = 0; k < 3; k++) {
        const v = p[i * 3 + k];
        if (v < min[k]) min[k] = v;
        if (v > max[k]) max[k] = v;
      }
    }
  }
  if (triangles === 0) return null;
  const centre = [0, 1, 2].map((k) => (min[k] + max[k]) / 2);
  const radius = Math.hypot(max[0] - min[0], max[1] - min[1], max[2] - min[2]) / 2;
  if (!Number.isFinite(radius) || radius === 0) return null;

  const az = rad(azimuth);
  const el = rad(elevation);
  // d points from the centre towards the camera; r and u span the picture.
  const d = [Math.cos(el) * Math.sin(az), Math.sin(el), Math.cos(el) * Math.cos(az)];
  const r = [Math.cos(az), 0, -Math.sin(az)];
  const u = [d[1] * r[2] - d[2] * r[1], d[2] * r[0] - d[0] * r[2], d[0] * r[1] - d[1] * r[0]];
  const light = normalize([d[0] + 0.45 * u[0] + 0.35 * r[0], d[1] + 0.45 * u[1] + 0.35 * r[1], d[2] + 0.45 * u[2] + 0.35 * r[2]]);
  // Frame the projection (not the box): centred, whatever the model's shape.
  const lo = [Infinity, Infinity];
  const hi = [-Infinity, -Infinity];
  for (const { positions: p, triangles: t } of meshes) {
    for (const i of t) {
      const x = p[i * 3] - centre[0];
      const y = p[i * 3 + 1] - centre[1];
      const z = p[i * 3 + 2] - centre[2];
      const px = x * r[0] + y * r[1] + z * r[2];
      const py = x * u[0] + y * u[1] + z * u[2];
      if (px < lo[0]) lo[0] = px;
      if (px > hi[0]) hi[0] = px;
      if (py < lo[1]) lo[1] = py;
      if (py > hi[1]) hi[1] = py;
    }
  }
  const scale = (size * FILL) / Math.max(hi[0] - lo[0], hi[1] - lo[1], radius * 1e-6);
  const midX = (lo[0] + hi[0]) / 2;
  const midY = (lo[1] + hi[1]) / 2;
  const half = size / 2;

  const pixels = new Uint8Array(size * size * 3);
  for (let i = 0; i < pixels.length; i += 3) pixels.set(BACKGROUND, i);
  const depth = new Float32Array(size * size).fill(-Infinity);

  const sx = new Float64Array(3);
  const sy = new Float64Array(3);
  const sz = new Float64Array(3);
  for (const { positions: p, triangles: t } of meshes) {
    for (let f = 0; f < t.length; f += 3) {
      const a = t[f] * 3;
      const b = t[f + 1] * 3;
      const c = t[f + 2] * 3;
      // Face normal in model space, for shading.
      const e1 = [p[b] - p[a], p[b + 1] - p[a + 1], p[b + 2] - p[a + 2]];
      const e2 = [p[c] - p[a], p[c + 1] - p[a + 1], p[c + 2] - p[a + 2]];
      const n = [e1[1] * e2[2] - e1[2] * e2[1], e1[2] * e2[0] - e1[0] * e2[2], e1[0] * e2[1] - e1[1] * e2[0]];
      const len = Math.hypot(n[0], n[1], n[2]);
      if (!(len > 0)) continue; // degenerate face
      const shade = AMBIENT + (1 - AMBIENT) * Math.abs((n[0] * light[0] + n[1] * light[1] + n[2] * light[2]) / len);
      const colour = BASE.map((ch) => Math.min(255, Math.round(ch * shade * 255)));
      [a, b, c].forEach((v, k) => {
        const x = p[v] - centre[0];
        const y = p[v + 1] - centre[1];
        const z = p[v + 2] - centre[2];
        sx[k] = half + (x * r[0] + y * r[1] + z * r[2] - midX) * scale;
        sy[k] = half - (x * u[0] + y * u[1] + z * u[2] - midY) * scale;
        sz[k] = x * d[0] + y * d[1] + z * d[2];
      });
      fillTriangle(sx, sy, sz, colour, pixels, depth, size);
    }
  }
  return pixels;
}

/** Fills one projected triangle, keeping the nearest surface per pixel (sampled at pixel centres). */
function fillTriangle(sx, sy, sz, colour, pixels, depth, size) {
  const area = (sx[1] - sx[0]) * (sy[2] - sy[0]) - (sx[2] - sx[0]) * (sy[1] - sy[0]);
  if (area === 0) return;
  const x0 = Math.max(0, Math.floor(Math.min(sx[0], sx[1], sx[2])));
  const x1 = Math.min(size - 1, Math.ceil(Math.max(sx[0], sx[1], sx[2])));
  const y0 = Math.max(0, Math.floor(Math.min(sy[0], sy[1], sy[2])));
  const y1 = Math.min(size - 1, Math.ceil(Math.max(sy[0], sy[1], sy[2])));
  for (let y = y0; y <= y1; y++) {
    const py = y + 0.5;
    for (let x = x0; x <= x1; x++) {
      const px = x + 0.5;
      const w0 = ((sx[1] - px) * (sy[2] - py) - (sx[2] - px) * (sy[1] - py)) / area;
      const w1 = ((sx[2] - px) * (sy[0] - py) - (sx[0] - px) * (sy[2] - py)) / area;
      const w2 = 1 - w0 - w1;
      if (w0 < 0 || w1 < 0 || w2 < 0) continue;
      const z = w0 * sz[0] + w1 * sz[1] + w2 * sz[2];
      const o = y * size + x;
      if (z <= depth[o]) continue;
      depth[o] = z;
      pixels[o * 3] = colour[0];
      pixels[o * 3 + 1] = colour[1];
      pixels[o * 3 + 2] = colour[2];
    }
  }
}
