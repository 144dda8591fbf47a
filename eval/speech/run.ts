// `npm run eval:speech`: word error rate and speed of speech to text on public read-speech
// clips with reference transcripts (eval/speech/clips, sources in SOURCE.md). Rows: the offline
// provider (pocketsphinx) when installed, and the provider SPEECH_TO_TEXT names when it is
// another (e.g. SPEECH_TO_TEXT=openai OPENAI_SPEECH_BASE_URL=http://... npm run eval:speech);
// beside them, pocketsphinx's own expected output for the same clips and published figures.

import { readFile, mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { env } from "@/lib/env";
import { pocketsphinxStatus } from "@/lib/pipeline/extract/media-tools";
import { probeMedia } from "@/lib/pipeline/extract/probe-media";
import { loadSpeechProvider, speechStatus, type SpeechProvider } from "@/lib/speech";
import { createPocketsphinx } from "@/lib/speech/offline";
import { wordErrorRate } from "./wer";

interface Clips {
  clips: Array<{ file: string; reference: string }>;
  published: { hypotheses: Record<string, string> };
}

const DIR = path.resolve(import.meta.dirname);
const corpus = JSON.parse(await readFile(path.join(DIR, "clips.json"), "utf8")) as Clips;

interface Row {
  provider: string;
  clips: number;
  words: number;
  wer: string;
  speed: string;
  note: string;
}

async function evaluate(provider: SpeechProvider): Promise<Row & { perClip: Array<{ file: string; hypothesis: string; wer: number }> }> {
  const pairs: Array<{ file: string; reference: string; hypothesis: string }> = [];
  let audioS = 0;
  let spentMs = 0;
  for (const clip of corpus.clips) {
    const file = path.join(DIR, "clips", clip.file);
    const { durationS } = await probeMedia(file);
    const workDir = await mkdtemp(path.join(os.tmpdir(), "tessera-eval-speech-"));
    const started = performance.now();
    try {
      const words = await provider.transcribe(file, { workDir, durationS });
      pairs.push({ file: clip.file, reference: clip.reference, hypothesis: words.map((w) => w.text).join(" ") });
    } finally {
      spentMs += performance.now() - started;
      await rm(workDir, { recursive: true, force: true });
    }
    audioS += durationS;
  }
  const total = wordErrorRate(pairs);
  return {
    provider: `${provider.name}: ${provider.describe()}`,
    clips: pairs.length,
    words: total.words,
    wer: pct(total.wer),
    speed: `${(spentMs / 1000 / audioS).toFixed(2)} s per audio s`,
    note: `${total.edits} word edits`,
    perClip: pairs.map((p) => ({ file: p.file, hypothesis: p.hypothesis, wer: wordErrorRate([p]).wer })),
  };
}

const pct = (x: number) => `${(x * 100).toFixed(1)}%`;

const rows: Row[] = [];
const details: string[] = [];
const providers: SpeechProvider[] = [];
if (pocketsphinxStatus().available) providers.push(createPocketsphinx());
else rows.push({ provider: "offline: pocketsphinx", clips: 0, words: 0, wer: "-", speed: "-", note: `not run: ${pocketsphinxStatus().detail}` });
if (env.SPEECH_TO_TEXT !== "offline") {
  const status = speechStatus();
  if (status.available) providers.push(await loadSpeechProvider());
  else rows.push({ provider: env.SPEECH_TO_TEXT, clips: 0, words: 0, wer: "-", speed: "-", note: `not run: ${status.detail}` });
}
for (const provider of providers) {
  const row = await evaluate(provider);
  rows.push(row);
  for (const c of row.perClip) details.push(`  ${provider.name.padEnd(12)} ${c.file.padEnd(48)} ${pct(c.wer).padStart(6)}  ${c.hypothesis}`);
}

// Beside them: what pocketsphinx's own test suite expects on the LibriVox clips (with a language
// model built for those very sentences), and the Whisper paper's figure on LibriSpeech.
const librivox = corpus.clips.filter((c) => corpus.published.hypotheses[c.file]);
const expected = wordErrorRate(librivox.map((c) => ({ reference: c.reference, hypothesis: corpus.published.hypotheses[c.file]! })));
rows.push({ provider: "published: pocketsphinx test-lm.match (5 LibriVox clips, test LM)", clips: librivox.length, words: expected.words, wer: pct(expected.wer), speed: "-", note: "pocketsphinx-testdata's expected hypotheses" });
rows.push({ provider: "published: Whisper large-v2, LibriSpeech test-clean", clips: 2620, words: 52576, wer: "2.7%", speed: "-", note: "Radford et al. 2022, 'Robust Speech Recognition via Large-Scale Weak Supervision'" });

console.log("\nSpeech to text on public read speech (eval/speech/clips)\n");
console.log("| provider | clips | words | WER | time | note |");
console.log("|---|---|---|---|---|---|");
for (const r of rows) console.log(`| ${r.provider} | ${r.clips} | ${r.words} | ${r.wer} | ${r.speed} | ${r.note} |`);
if (details.length) console.log(`\nPer clip:\n${details.join("\n")}`);
