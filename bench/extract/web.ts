// Web pages and JSON, in MB per second: 10 HTML pages and 10 JSON files of ~200 KB each.

import { stat, writeFile } from "node:fs/promises";
import path from "node:path";
import { extractWeb } from "@/lib/pipeline/extract/web";
import { eachFile, type ExtractScenario } from "../lib/extract-scenario";
import { readBaseline } from "../lib/read-baseline";

const MB = 1_000_000;
const sizes = new Map<string, number>();

function html(seed: number): string {
  let body = "";
  for (let s = 0; body.length < 200_000; s++) {
    body += `<h2>Section ${s}</h2><script>var x${s} = ${s};</script><p>Page ${seed} section ${s}: the <b>harbour</b> log lists ships &amp; tides.</p><ul><li>one</li><li>two</li></ul>\n`;
  }
  return `<!DOCTYPE html><html><head><title>Log ${seed}</title><style>p{}</style></head><body><h1>Log ${seed}</h1>${body}</body></html>`;
}

function json(seed: number): string {
  const entries = Array.from({ length: 1_500 }, (_, i) => ({ id: i, ship: `Ship ${seed}-${i}`, tide: { height: i % 7, note: "calm water at the quay" } }));
  return JSON.stringify({ log: seed, entries });
}

export const scenario: ExtractScenario = {
  name: "Web: HTML + JSON",
  unit: "MB",
  async makeCorpus(dir) {
    const files: string[] = [];
    for (let i = 0; i < 10; i++) {
      for (const [ext, text] of [[".html", html(i)], [".json", json(i)]] as const) {
        const file = path.join(dir, `page-${i}${ext}`);
        await writeFile(file, text);
        sizes.set(file, (await stat(file)).size / MB);
        files.push(file);
      }
    }
    return files;
  },
  run: (files) =>
    eachFile(files, async (file) => {
      await extractWeb({ path: file, extension: path.extname(file) });
      return sizes.get(file)!;
    }),
  baseline: readBaseline((file) => sizes.get(file)!, true),
};
