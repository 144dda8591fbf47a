import path from "node:path";
import { ItemError } from "@/lib/pipeline/types";
import { POCKETSPHINX_MODEL_DIR, toolPath } from "@/lib/pipeline/extract/media-tools";
import { runTool } from "@/lib/pipeline/extract/run-tool";
import { decodeSpeechAudio } from "./audio-input";
import type { SpeechProvider, TimedText } from "./types";

/** pocketsphinx runs at ~0.6x real time here; twice the duration plus a margin leaves room on a busy machine. */
const transcribeTimeoutMs = (durationS: number) => (60 + 2 * durationS) * 1000;

/**
 * The offline default: ffmpeg resamples the first audio track to the 16 kHz mono WAV the en-us
 * model expects, then pocketsphinx (Debian's 0.8 "5prealpha" build, whose CLI is
 * pocketsphinx_continuous) prints one line per word with start and end times.
 */
export function createPocketsphinx(): SpeechProvider {
  return {
    name: "offline",
    describe: () => `pocketsphinx (${toolPath("pocketsphinx") ?? "not installed"}) with ${POCKETSPHINX_MODEL_DIR}`,
    async transcribe(file, { workDir, durationS, signal }) {
      const sphinx = toolPath("pocketsphinx");
      if (!sphinx) throw new ItemError("processing_error", "speech-to-text tools are missing");
      const wav = await decodeSpeechAudio(file, path.join(workDir, "speech.wav"), { durationS, signal });
      // OMP-free, single-threaded; -logfn keeps its very long log off our stderr buffer.
      const result = await runTool(sphinx, ["-infile", wav, "-time", "yes", "-logfn", "/dev/null"], { timeoutMs: transcribeTimeoutMs(durationS), signal });
      if (result.code !== 0) throw new ItemError("processing_error", `pocketsphinx failed (exit code ${result.code})`);
      return parseSphinxTimes(result.stdout);
    },
  };
}

const NOT_WORDS = new Set(["<s>", "</s>", "<sil>", "[NOISE]", "[SPEECH]", "++NOISE++", "++BREATH++"]);

/** Lines "word start end confidence"; the first line of each utterance is its plain text, which is skipped. */
export function parseSphinxTimes(stdout: string): TimedText[] {
  const words: TimedText[] = [];
  for (const line of stdout.split("\n")) {
    const m = /^(\S+) (\d+(?:\.\d+)?) (\d+(?:\.\d+)?) (-?\d+(?:\.\d+)?)$/.exec(line.trim());
    if (!m) continue;
    const word = m[1]!.replace(/\(\d+\)$/, ""); // "for(2)": the dictionary's second pronunciation
    if (NOT_WORDS.has(word) || word.startsWith("++") || word.startsWith("[")) continue;
    words.push({ text: word, startS: Number(m[2]), endS: Number(m[3]) });
  }
  return words;
}
