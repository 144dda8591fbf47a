// 3D thumbnails per second: Tessera's 3D extraction (three.js parse in a worker thread,
// geometry facts, the in-process software rasteriser, a 256 px PNG by sharp) against Debian's
// f3d under xvfb-run rendering the same binary STL files (what Tessera used before), where
// installed. The corpus: 6 tori of 20,000 triangles each.

import { execFile } from "node:child_process";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { extractModel3d } from "@/lib/pipeline/extract/model3d";
import { eachFile, missingCommand, type ExtractScenario } from "../lib/extract-scenario";

const FILES = 6;
const RINGS = 100; // x 100 segments x 2 = 20,000 triangles
const run = promisify(execFile);

/** A binary STL torus, a little different per seed. */
function torus(seed: number): Buffer {
  const R = 3 + seed * 0.1;
  const r = 1;
  const at = (i: number, j: number) => {
    const u = (2 * Math.PI * (i % RINGS)) / RINGS;
    const v = (2 * Math.PI * (j % RINGS)) / RINGS;
    return [(R + r * Math.cos(v)) * Math.cos(u), (R + r * Math.cos(v)) * Math.sin(u), r * Math.sin(v)];
  };
  const triangles = RINGS * RINGS * 2;
  const out = Buffer.alloc(84 + triangles * 50);
  out.writeUInt32LE(triangles, 80);
  let o = 84;
  for (let i = 0; i < RINGS; i++) {
    for (let j = 0; j < RINGS; j++) {
      for (const tri of [[at(i, j), at(i + 1, j), at(i + 1, j + 1)], [at(i, j), at(i + 1, j + 1), at(i, j + 1)]]) {
        o += 12;
        for (const v of tri) {
          for (const c of v) {
            out.writeFloatLE(c!, o);
            o += 4;
          }
        }
        o += 2;
      }
    }
  }
  return out;
}

export const scenario: ExtractScenario = {
  name: "3D thumbnails",
  unit: "thumbnails",
  async makeCorpus(dir) {
    const files = Array.from({ length: FILES }, (_, i) => path.join(dir, `torus-${i + 1}.stl`));
    for (const [i, file] of files.entries()) await writeFile(file, torus(i + 1));
    return files;
  },
  run: (files) =>
    eachFile(files, async (file) => {
      const workDir = await mkdtemp(path.join(os.tmpdir(), "tessera-bench-3d-"));
      try {
        const { pictures } = await extractModel3d({ path: file, extension: ".stl", filename: path.basename(file), workDir });
        if (pictures?.length !== 1) throw new Error(`no thumbnail for ${file}`);
        return 1;
      } finally {
        await rm(workDir, { recursive: true, force: true });
      }
    }),
  baseline: {
    name: "f3d under xvfb-run (Debian)",
    unavailable: () => missingCommand("f3d", "f3d") ?? missingCommand("xvfb-run", "xvfb"),
    run: (files) =>
      eachFile(files, async (file) => {
        const png = `${file}.png`;
        await run("xvfb-run", ["-a", "-s", "-screen 0 640x480x24", "f3d", "--quiet", "--resolution=256,256", `--output=${png}`, file]);
        await rm(png, { force: true });
        return 1;
      }),
  },
};

export default scenario;
