// Geometry facts for the 3D extractor. Plain JavaScript because it runs inside the parsing
// worker thread (see model3d-worker.mjs), which cannot load TypeScript under every runner.
// Everything works on typed arrays: a 5 M vertex model must not become millions of objects.

export const D2_BINS = 64;
const D2_PAIRS = 8192;
const D2_SEED = 0x3d3d3d;

/**
 * @typedef {{ positions: Float32Array, triangles: Uint32Array }} MeshData
 * positions are world-space xyz triples; triangles index into them (three per triangle).
 */

/** Facts about a set of meshes: welded vertex count, area, bounding box, closedness, volume, D2. */
export function measure(/** @type {MeshData[]} */ meshes) {
  let vertices = 0;
  let triangles = 0;
  let area = 0;
  let volume = 0;
  let closed = meshes.some((m) => m.triangles.length > 0);
  let oriented = true;
  const min = [Infinity, Infinity, Infinity];
  const max = [-Infinity, -Infinity, -Infinity];
  for (const { positions, triangles: tris } of meshes) {
    for (let i = 0; i < positions.length; i++) {
      const v = positions[i];
      if (!Number.isFinite(v)) throw new Error("the model has vertices that are not numbers");
      if (v < min[i % 3]) min[i % 3] = v;
      if (v > max[i % 3]) max[i % 3] = v;
    }
    const { remap, count } = weld(positions);
    vertices += count;
    triangles += tris.length / 3;
    const sums = areaAndVolume(positions, tris);
    area += sums.area;
    // Volume only means something for a watertight, consistently oriented surface.
    if (tris.length > 0) {
      const edges = edgeCheck(remap, tris);
      closed &&= edges.closed;
      oriented &&= edges.oriented;
      volume += Math.abs(sums.volume);
    }
  }
  const box = vertices > 0 ? { min, max, size: max.map((v, i) => v - min[i]) } : { min: [0, 0, 0], max: [0, 0, 0], size: [0, 0, 0] };
  return { vertices, triangles, area, closed, volume: closed && oriented ? volume : null, box, d2: d2Histogram(meshes, area) };
}

/** Merges vertices at bit-identical positions (formats like STL repeat them per triangle). */
export function weld(/** @type {Float32Array} */ positions) {
  const n = positions.length / 3;
  const copy = new Float32Array(positions.length);
  for (let i = 0; i < copy.length; i++) copy[i] = positions[i] + 0; // -0 and 0 weld together
  const bits = new Uint32Array(copy.buffer);
  let size = 1;
  while (size < n * 2) size <<= 1;
  const table = new Int32Array(size).fill(-1);
  const remap = new Uint32Array(n);
  let count = 0;
  for (let i = 0; i < n; i++) {
    const x = bits[i * 3], y = bits[i * 3 + 1], z = bits[i * 3 + 2];
    let h = Math.imul(x ^ Math.imul(y ^ (z >>> 7), 0x27d4eb2d), 0x165667b1);
    h = (h ^ (h >>> 15)) & (size - 1);
    for (;;) {
      const j = table[h];
      if (j === -1) {
        table[h] = i;
        remap[i] = count++;
        break;
      }
      if (bits[j * 3] === x && bits[j * 3 + 1] === y && bits[j * 3 + 2] === z) {
        remap[i] = remap[j];
        break;
      }
      h = (h + 1) & (size - 1);
    }
  }
  return { remap, count };
}

function areaAndVolume(/** @type {Float32Array} */ p, /** @type {Uint32Array} */ t) {
  let area = 0;
  let volume = 0;
  for (let i = 0; i < t.length; i += 3) {
    const a = t[i] * 3, b = t[i + 1] * 3, c = t[i + 2] * 3;
    area += triangleArea(p, a, b, c);
    // Signed volume of the tetrahedron (origin, a, b, c): a . (b x c) / 6.
    volume += (p[a] * (p[b + 1] * p[c + 2] - p[b + 2] * p[c + 1]) - p[a + 1] * (p[b] * p[c + 2] - p[b + 2] * p[c]) + p[a + 2] * (p[b] * p[c + 1] - p[b + 1] * p[c])) / 6;
  }
  return { area, volume };
}

/**
 * closed: every edge of the welded mesh belongs to exactly two triangles. oriented: those two
 * run along it in opposite directions, which is what makes the signed volume meaningful.
 */
export function edgeCheck(/** @type {Uint32Array} */ remap, /** @type {Uint32Array} */ t) {
  // Key (lo * 2^25 + hi) * 2 + direction stays exact in a float64 (indices are capped below 2^25).
  const keys = new Float64Array(t.length);
  let k = 0;
  const add = (u, v) => {
    keys[k++] = (Math.min(u, v) * 33554432 + Math.max(u, v)) * 2 + (u < v ? 0 : 1);
  };
  for (let i = 0; i < t.length; i += 3) {
    const a = remap[t[i]], b = remap[t[i + 1]], c = remap[t[i + 2]];
    if (a === b || b === c || a === c) continue; // degenerate: no area, no edges of its own
    add(a, b);
    add(b, c);
    add(c, a);
  }
  if (k === 0) return { closed: false, oriented: false };
  const sorted = keys.subarray(0, k).sort();
  let oriented = true;
  for (let i = 0; i < k; ) {
    const edge = Math.floor(sorted[i] / 2);
    let j = i;
    let reversed = 0;
    while (j < k && Math.floor(sorted[j] / 2) === edge) reversed += sorted[j++] % 2;
    if (j - i !== 2) return { closed: false, oriented: false };
    if (reversed !== 1) oriented = false;
    i = j;
  }
  return { closed: true, oriented };
}

/** Deterministic PRNG (mulberry32): the same file always gets the same descriptor. */
function random(seed) {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let r = Math.imul(s ^ (s >>> 15), 1 | s);
    r = (r + Math.imul(r ^ (r >>> 7), 61 | r)) ^ r;
    return ((r ^ (r >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * D2 shape distribution (Osada et al.): histogram of distances between random point pairs on
 * the surface, scaled by the largest distance seen, so it ignores size and pose.
 * Point clouds (no triangles) sample their vertices instead.
 */
export function d2Histogram(/** @type {MeshData[]} */ meshes, /** @type {number} */ totalArea) {
  const next = random(D2_SEED);
  const sample = totalArea > 0 ? surfaceSampler(meshes, next) : vertexSampler(meshes, next);
  const hist = new Array(D2_BINS).fill(0);
  if (!sample) return hist;
  const dist = new Float64Array(D2_PAIRS);
  let maxD = 0;
  const p = [0, 0, 0], q = [0, 0, 0];
  for (let i = 0; i < D2_PAIRS; i++) {
    sample(p);
    sample(q);
    dist[i] = Math.hypot(p[0] - q[0], p[1] - q[1], p[2] - q[2]);
    if (dist[i] > maxD) maxD = dist[i];
  }
  for (const d of dist) hist[maxD > 0 ? Math.min(D2_BINS - 1, Math.floor((d / maxD) * D2_BINS)) : 0] += 1 / D2_PAIRS;
  return hist;
}

function triangleArea(p, a, b, c) {
  const ux = p[b] - p[a], uy = p[b + 1] - p[a + 1], uz = p[b + 2] - p[a + 2];
  const vx = p[c] - p[a], vy = p[c + 1] - p[a + 1], vz = p[c + 2] - p[a + 2];
  return Math.hypot(uy * vz - uz * vy, uz * vx - ux * vz, ux * vy - uy * vx) / 2;
}

/** Picks triangles in proportion to their area (binary search on the running total). */
function surfaceSampler(meshes, next) {
  const count = meshes.reduce((n, m) => n + m.triangles.length / 3, 0);
  const cumulative = new Float64Array(count);
  const owner = new Uint32Array(count);
  const first = new Uint32Array(count);
  let total = 0;
  let n = 0;
  meshes.forEach(({ positions: p, triangles: t }, m) => {
    for (let i = 0; i < t.length; i += 3) {
      total += triangleArea(p, t[i] * 3, t[i + 1] * 3, t[i + 2] * 3);
      cumulative[n] = total;
      owner[n] = m;
      first[n++] = i;
    }
  });
  if (total <= 0) return null;
  return (out) => {
    const r = next() * total;
    let lo = 0, hi = n - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (cumulative[mid] <= r) lo = mid + 1;
      else hi = mid;
    }
    const { positions: p, triangles: t } = meshes[owner[lo]];
    const a = t[first[lo]] * 3, b = t[first[lo] + 1] * 3, c = t[first[lo] + 2] * 3;
    let u = next(), v = next();
    if (u + v > 1) [u, v] = [1 - u, 1 - v];
    for (let k = 0; k < 3; k++) out[k] = p[a + k] + u * (p[b + k] - p[a + k]) + v * (p[c + k] - p[a + k]);
  };
}

function vertexSampler(meshes, next) {
  const withPoints = meshes.filter((m) => m.positions.length > 0);
  if (withPoints.length === 0) return null;
  return (out) => {
    const { positions } = withPoints[Math.floor(next() * withPoints.length)];
    const i = Math.floor(next() * (positions.length / 3)) * 3;
    out[0] = positions[i];
    out[1] = positions[i + 1];
    out[2] = positions[i + 2];
  };
}
