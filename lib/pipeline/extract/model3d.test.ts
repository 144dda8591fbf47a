import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import sharp from "sharp";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { PROBES } from "@/lib/capabilities";
import { ItemError } from "@/lib/pipeline/types";
import { extractModel3d } from "./model3d";
import { parseModel, read3mfEntries } from "./model3d-parse";

const DIR = path.resolve(import.meta.dirname, "../../../test/fixtures/model3d");
const SLOW = 60_000;
let tmp: string;
beforeAll(async () => {
  tmp = await mkdtemp(path.join(tmpdir(), "model3d-test-"));
});
afterAll(async () => {
  await rm(tmp, { recursive: true, force: true });
});

async function parseFixture(name: string, opts: { maxVertices?: number } = {}) {
  const file = path.join(DIR, name);
  const extension = path.extname(name);
  const zipEntries = extension === ".3mf" ? await read3mfEntries(file) : undefined;
  return parseModel(file, extension, { ...opts, zipEntries });
}

async function failure(run: Promise<unknown>): Promise<ItemError> {
  const err = await run.then(() => null, (e: unknown) => e);
  expect(err).toBeInstanceOf(ItemError);
  return err as ItemError;
}

// The same unit cube ("Cube", material "Steel") in every format. Exporters repeat vertices
// per face (STL: 36, glTF and PLY: 24, OBJ: 24 per face corner); welding identical positions
// gives the cube's 8 corners back. STL and PLY carry no names.
const NAMED = { parts: ["Cube"], materials: ["Steel"] };
const CUBES: Array<[string, { parts: string[]; materials: string[] }]> = [
  ["cube.stl", { parts: [], materials: [] }],
  ["cube.ply", { parts: [], materials: [] }],
  ["cube.obj", NAMED],
  ["cube.glb", NAMED],
  ["cube.3mf", NAMED],
  ["cube.dae", NAMED],
  ["cube.fbx", NAMED],
];

describe("3D geometry facts", () => {
  it.each(CUBES)("%s: 8 vertices, 12 triangles, unit box, closed, volume 1, area 6, names", async (name, names) => {
    const facts = await parseFixture(name);
    expect(facts).toMatchObject({ vertices: 8, triangles: 12, closed: true, thumbnail: null, ...names });
    expect(facts.volume).toBeCloseTo(1, 6);
    expect(facts.area).toBeCloseTo(6, 6);
    for (const [i, v] of facts.box.min.entries()) {
      expect(v).toBeCloseTo(-0.5, 6);
      expect(facts.box.max[i]).toBeCloseTo(0.5, 6);
      expect(facts.box.size[i]).toBeCloseTo(1, 6);
    }
  }, SLOW);

  it("sums the parts of an assembly in world space and lists their names", async () => {
    const facts = await parseFixture("assembly.glb");
    expect(facts).toMatchObject({ vertices: 16, triangles: 24, closed: true, parts: ["Bracket", "Bolt"], materials: ["Steel", "Brass"] });
    expect(facts.volume).toBeCloseTo(4 + 0.75, 6);
    expect(facts.area).toBeCloseTo(22 + 6.5, 6);
    expect(facts.box.min.map((v) => +v.toFixed(6))).toEqual([-2, -1, -0.25]);
    expect(facts.box.max.map((v) => +v.toFixed(6))).toEqual([2, 1, 2.75]);
  }, SLOW);

  it("names the solids of an ASCII STL as parts", async () => {
    const facet = (z: number) => `facet normal 0 0 1\n outer loop\n  vertex 0 0 ${z}\n  vertex 1 0 ${z}\n  vertex 0 1 ${z}\n endloop\nendfacet\n`;
    const file = path.join(tmp, "named.stl");
    await writeFile(file, `solid Bracket\n${facet(0)}endsolid Bracket\nsolid Bolt\n${facet(1)}endsolid Bolt\n`);
    expect(await parseModel(file, ".stl")).toMatchObject({ triangles: 2, closed: false, parts: ["Bracket", "Bolt"] });
  }, SLOW);

  it("reports no volume for an open or inconsistently oriented surface, and a tetrahedron's exact volume", async () => {
    const openBox = path.join(tmp, "open.obj");
    // The cube without its top (two triangles): ten faces, every top edge used once.
    await writeFile(openBox, (await readFile(path.join(DIR, "cube.obj"), "utf8")).replace(/^f .*\nf .*\n/m, ""));
    const open = await parseModel(openBox, ".obj");
    expect(open).toMatchObject({ triangles: 10, closed: false, volume: null });
    expect(open.area).toBeCloseTo(5, 6);

    const flipped = path.join(tmp, "flipped.obj");
    // One face turned inside out: still watertight, but the signed volume is meaningless.
    await writeFile(flipped, (await readFile(path.join(DIR, "cube.obj"), "utf8")).replace(/^f (\S+) (\S+) (\S+)$/m, "f $1 $3 $2"));
    expect(await parseModel(flipped, ".obj")).toMatchObject({ triangles: 12, closed: true, volume: null });

    const tetra = path.join(tmp, "tetra.obj");
    await writeFile(tetra, "o Tetra\nv 0 0 0\nv 2 0 0\nv 0 3 0\nv 0 0 4\nf 1 3 2\nf 1 2 4\nf 1 4 3\nf 2 3 4\n");
    const t = await parseModel(tetra, ".obj");
    expect(t).toMatchObject({ vertices: 4, triangles: 4, closed: true, parts: ["Tetra"] });
    expect(t.volume).toBeCloseTo(4, 6); // 2 * 3 * 4 / 6
  }, SLOW);

  it("gives a deterministic D2 shape histogram of 64 bins summing to 1 that tells shapes apart", async () => {
    const [a, b] = [await parseFixture("cube.stl"), await parseFixture("cube.stl")];
    expect(a.d2).toHaveLength(64);
    expect(a.d2).toEqual(b.d2);
    expect(a.d2.reduce((s, v) => s + v, 0)).toBeCloseTo(1, 9);
    expect(a.d2.every((v) => v >= 0)).toBe(true);

    const flat = path.join(tmp, "flat.obj");
    await writeFile(flat, "v 0 0 0\nv 10 0 0\nv 10 0.1 0\nv 0 0.1 0\nf 1 2 3\nf 1 3 4\n");
    const rod = (await parseModel(flat, ".obj")).d2;
    // A long thin strip has many far-apart pairs; a cube's distances peak in the middle.
    const l1 = a.d2.reduce((s, v, i) => s + Math.abs(v - rod[i]!), 0);
    expect(l1).toBeGreaterThan(0.5);
  }, SLOW);
});

describe("3D extraction", () => {
  it("describes the model for the text space and renders a PNG thumbnail in-process", async () => {
    const workDir = await mkdtemp(path.join(tmp, "work-"));
    const out = await extractModel3d({ path: path.join(DIR, "cube.glb"), extension: ".glb", filename: "bracket.glb", workDir });
    expect(out.description).toBe(
      "3D model 'bracket.glb': 8 vertices, 12 triangles, 1 x 1 x 1 m bounding box, closed, volume 1 m3, surface 6 m2; parts: Cube; materials: Steel.",
    );
    expect(out.sections.map((s) => s.label)).toEqual(["geometry", "parts", "materials"]);
    expect(out.sections[1]!.text).toBe("Parts: Cube.");
    expect(out.metadata).toMatchObject({ format: "glb", vertex_count: 8, triangle_count: 12, closed: true, volume: 1, surface_area: 6, unit: "m", thumbnail: true });
    const d2 = JSON.parse(String(out.metadata.d2_histogram)) as number[];
    expect(d2).toHaveLength(64);
    expect(d2.reduce((s, v) => s + v, 0)).toBeCloseTo(1, 3);
    expect(out.skipped).toBeUndefined();
    expect(out.pictures).toEqual([{ path: path.join(workDir, "thumbnail.png"), label: "thumbnail" }]);
    const png = await readFile(out.pictures![0]!.path);
    expect(png.subarray(0, 8)).toEqual(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]));
    expect(png.length).toBeGreaterThan(1000); // a shaded cube, not an empty frame
  }, SLOW);

  it("draws a shaded, centred thumbnail: the same PNG for the same model, the model on a plain background", async () => {
    const render = async () => {
      const workDir = await mkdtemp(path.join(tmp, "work-"));
      const out = await extractModel3d({ path: path.join(DIR, "assembly.glb"), extension: ".glb", filename: "assembly.glb", workDir });
      return readFile(out.pictures![0]!.path);
    };
    const [first, second] = [await render(), await render()];
    expect(first.equals(second)).toBe(true);
    const { data, info } = await sharp(first).raw().toBuffer({ resolveWithObject: true });
    expect([info.width, info.height]).toEqual([256, 256]);
    const grey = (x: number, y: number) => data[(y * info.width + x) * info.channels]!;
    // Corners are background; the centre is the model.
    for (const [x, y] of [[0, 0], [255, 0], [0, 255], [255, 255]] as const) expect(grey(x, y)).toBe(245);
    expect(grey(128, 128)).toBeLessThan(235);
    // Faces turned differently get different shades (lit, not a silhouette).
    const shades = new Map<number, number>();
    for (let i = 0; i < data.length; i += info.channels) if (data[i]! < 240) shades.set(data[i]! >> 2, (shades.get(data[i]! >> 2) ?? 0) + 1);
    expect([...shades.values()].filter((n) => n > 500).length).toBeGreaterThanOrEqual(3);
    // Centred and framed: the model's extent has equal margins and spans most of the picture.
    const xs: number[] = [];
    const ys: number[] = [];
    for (let y = 0; y < info.height; y++) {
      for (let x = 0; x < info.width; x++) {
        if (grey(x, y) >= 240) continue;
        xs.push(x);
        ys.push(y);
      }
    }
    const [left, right, top, bottom] = [Math.min(...xs), 255 - Math.max(...xs), Math.min(...ys), 255 - Math.max(...ys)];
    expect(Math.abs(left - right)).toBeLessThanOrEqual(2);
    expect(Math.abs(top - bottom)).toBeLessThanOrEqual(2);
    expect(Math.min(left, top)).toBeLessThan(20);
  }, SLOW);

  it("reads the 3MF unit and says why a model without a work directory gets no thumbnail", async () => {
    const out = await extractModel3d({ path: path.join(DIR, "cube.3mf"), extension: ".3mf", filename: "cube.3mf" });
    expect(out.description).toContain("1 x 1 x 1 mm bounding box, closed, volume 1 mm3, surface 6 mm2");
    expect(out.pictures).toEqual([]);
    expect(out.skipped).toEqual(["3d_thumbnails: no rendered thumbnail (no work directory)"]);
  }, SLOW);

  it("has a 3d_thumbnails probe that needs no system package", async () => {
    const thumbnails = PROBES.find((p) => p.name === "3d_thumbnails");
    expect(await thumbnails!.probe()).toEqual({ available: true, detail: expect.stringMatching(/^software rasteriser/) });
  });
});

describe("hostile 3D files", () => {
  const cases: Array<[string, string, RegExp]> = [
    ["hostile/truncated.glb", "corrupt_media", /GLB file could not be read/],
    ["hostile/garbage.stl", "corrupt_media", /STL file could not be read/],
    ["hostile/huge-counts.obj", "corrupt_media", /not numbers/],
    ["hostile/huge-header.ply", "content_limit_exceeded", /declares 999999999 vertex/],
    ["hostile/bomb.3mf", "corrupt_media", /decompression bomb/],
  ];
  it.each(cases)("%s fails with %s quickly", async (name, code, message) => {
    const started = Date.now();
    const err = await failure(extractModel3d({ path: path.join(DIR, name), extension: path.extname(name), workDir: tmp }));
    expect(err.code).toBe(code);
    expect(err.message).toMatch(message);
    expect(Date.now() - started).toBeLessThan(20_000);
  }, SLOW);

  it("refuses more vertices than the limit", async () => {
    const err = await failure(parseFixture("cube.obj", { maxVertices: 20 }));
    expect(err.code).toBe("content_limit_exceeded");
    expect(err.message).toMatch(/more than 20 vertices/);
  }, SLOW);

  it("never fetches a glTF buffer from a URL", async () => {
    const json = Buffer.from(JSON.stringify({ asset: { version: "2.0" }, buffers: [{ uri: "http://127.0.0.1:9/cube.bin", byteLength: 36 }] }).padEnd(88, " "));
    const header = Buffer.alloc(20);
    header.write("glTF", 0, "latin1");
    header.writeUInt32LE(2, 4);
    header.writeUInt32LE(20 + json.length, 8);
    header.writeUInt32LE(json.length, 12);
    header.write("JSON", 16, "latin1");
    const file = path.join(tmp, "external.glb");
    await writeFile(file, Buffer.concat([header, json]));
    const err = await failure(parseModel(file, ".glb"));
    expect(err).toMatchObject({ code: "corrupt_media", message: expect.stringMatching(/external buffer \(http:\/\/127\.0\.0\.1:9\/cube\.bin\)/) });
  }, SLOW);

  it("ends a parse that outgrows its heap or its deadline with an item error, not a crash", async () => {
    const big = path.join(tmp, "big.obj");
    const lines = Array.from({ length: 150_000 }, (_, i) => `v ${i} ${i % 7} ${i % 13}\nf ${i + 1} ${i + 1} ${i + 1}`);
    await writeFile(big, lines.join("\n"));
    const oom = await failure(parseModel(big, ".obj", { heapMb: 16 }));
    expect(oom).toMatchObject({ code: "content_limit_exceeded", message: "OBJ file needs more than 16 MB to parse (too large or damaged)" });
    const slow = await failure(parseModel(path.join(DIR, "cube.obj"), ".obj", { deadlineMs: 1 }));
    expect(slow).toMatchObject({ code: "corrupt_media", message: "OBJ file could not be read: it took too long to parse (damaged file?)" });
    // The process is intact: the next parse works.
    expect((await parseFixture("cube.obj")).triangles).toBe(12);
  }, SLOW);

  it("fails an empty file and a cancelled extraction", async () => {
    const empty = path.join(tmp, "empty.stl");
    await writeFile(empty, "");
    expect((await failure(extractModel3d({ path: empty, extension: ".stl" }))).code).toBe("corrupt_media");
    const controller = new AbortController();
    const run = parseModel(path.join(DIR, "cube.fbx"), ".fbx", { signal: controller.signal });
    controller.abort();
    expect((await failure(run)).code).toBe("timeout");
  }, SLOW);
});
