// npm run bench:extract [-- name-filter]
//
// Extraction throughput per category, each beside a baseline measured in the same run on the
// same corpus: the Debian tool Tessera's npm implementation replaces or competes with where it
// is installed (pdftotext, tesseract, pdftoppm + tesseract, f3d), else just reading the files;
// a missing tool is named in the row instead. Scenarios are the modules in bench/extract/*.ts, each exporting `scenario`
// (bench/lib/extract-scenario.ts); add one there for a new category. Every scenario gets a
// fresh corpus in a temp dir, one warm-up run of each side, then TESSERA_BENCH_ROUNDS measured
// rounds (default 3; medians). RSS is this process's (extractors run in-process; worker
// threads included) and, for the tree, child processes such as pdftotext. A benchmark, not a
// test: it always exits 0 unless a scenario throws.

import { mkdtemp, readdir, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { pathToFileURL } from "node:url";
import type { ExtractRun, ExtractScenario } from "./lib/extract-scenario";
import { closeOcr } from "@/lib/pipeline/extract/ocr";
import { median, mib, table } from "./lib/report";
import { RssSampler } from "./lib/rss";

const ROUNDS = Math.max(1, Number(process.env.TESSERA_BENCH_ROUNDS) || 3);
const log = (message: string) => console.log(`[bench] ${message}`);

async function loadScenarios(filter: string | undefined): Promise<ExtractScenario[]> {
  const dir = path.join(import.meta.dirname, "extract");
  const files = (await readdir(dir)).filter((f) => f.endsWith(".ts")).sort();
  const out: ExtractScenario[] = [];
  for (const file of files) {
    const mod = (await import(pathToFileURL(path.join(dir, file)).href)) as { scenario?: ExtractScenario };
    if (!mod.scenario) throw new Error(`bench/extract/${file} exports no scenario`);
    if (!filter || `${file} ${mod.scenario.name}`.toLowerCase().includes(filter.toLowerCase())) out.push(mod.scenario);
  }
  return out;
}

async function timed(fn: () => Promise<ExtractRun>): Promise<{ ms: number; units: number }> {
  const started = performance.now();
  const { units } = await fn();
  return { ms: performance.now() - started, units };
}

async function measure(run: (files: string[]) => Promise<ExtractRun>, files: string[]) {
  await run(files); // warm-up: module loading, JIT, the page cache
  const sampler = new RssSampler(process.pid);
  sampler.start();
  const rounds: { ms: number; units: number }[] = [];
  for (let i = 0; i < ROUNDS; i++) rounds.push(await timed(() => run(files)));
  const rss = sampler.stop();
  const ms = median(rounds.map((r) => r.ms));
  return { ms, units: rounds[0]!.units, perSecond: rounds[0]!.units / (ms / 1000), peak: rss.peak, treePeak: rss.treePeak };
}

const rate = (n: number) => (n >= 100 ? n.toFixed(0) : n >= 10 ? n.toFixed(1) : n.toFixed(2));

async function main(): Promise<void> {
  const scenarios = await loadScenarios(process.argv[2]);
  log(`${scenarios.length} scenario(s), ${ROUNDS} round(s) each after a warm-up; Node ${process.version}, ${os.cpus().length} CPUs`);
  const rows: string[][] = [];
  for (const scenario of scenarios) {
    const dir = await mkdtemp(path.join(os.tmpdir(), "tessera-bench-extract-"));
    try {
      const unavailable = scenario.unavailable?.();
      if (unavailable) {
        log(`${scenario.name}: not run (${unavailable})`);
        rows.push([scenario.name, "-", `not run: ${unavailable}`, scenario.baseline?.name ?? "-", "-", "-", "-", "-"]);
        continue;
      }
      const files = await scenario.makeCorpus(dir);
      log(`${scenario.name}: ${files.length} files`);
      const tessera = await measure(scenario.run, files);
      const baseMissing = scenario.baseline?.unavailable?.();
      if (baseMissing) log(`${scenario.name}: baseline ${scenario.baseline!.name} not run (${baseMissing})`);
      const base = scenario.baseline && !baseMissing ? await measure(scenario.baseline.run, files) : undefined;
      rows.push([
        scenario.name,
        `${rate(tessera.units)} ${scenario.unit}`,
        `${rate(tessera.perSecond)} ${scenario.unit}/s`,
        scenario.baseline ? `${scenario.baseline.name}${baseMissing ? ` (${baseMissing})` : ""}` : "-",
        base ? `${rate(base.perSecond)} ${scenario.unit}/s` : "-",
        base ? `${(base.perSecond / tessera.perSecond).toFixed(1)}x` : "-",
        `${mib(tessera.peak, 0)} MiB`,
        `${mib(tessera.treePeak, 0)} MiB`,
      ]);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  }
  console.log();
  console.log(table(["scenario", "corpus", "Tessera", "baseline", "baseline rate", "baseline / Tessera", "peak RSS", "peak RSS (tree)"], rows));
  console.log();
  await closeOcr();
  log(`process peak RSS over the whole run: ${mib(process.resourceUsage().maxRSS * 1024, 0)} MiB`);
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
