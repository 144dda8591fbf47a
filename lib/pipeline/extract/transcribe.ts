import path from "node:path";
import { ItemError, type ExtractedSection } from "@/lib/pipeline/types";
import { toolPath } from "@/lib/pipeline/extract/media-tools";
import { lastLine, runTool } from "@/lib/pipeline/extract/run-tool";

/** Transcript sections close at the first pause after this many seconds, and never run past the maximum. */
const SEGMENT_TARGET_S = 20;
const SEGMENT_MAX_S = 30;
/** pocketsphinx runs at ~0.6x real time here; twice the duration plus a margin leaves room on a busy machine. */
const transcribeTimeoutMs = (durationS: number) => (60 + 2 * durationS) * 1000;

export interface Word {
  word: string;
  startS: number;
  endS: number;
}

/**
 * The speech of a media file with timecodes: ffmpeg resamples its first audio track to the
 * 16 kHz mono WAV the en-us model expects, then pocketsphinx (Debian's 0.8 "5prealpha" build,
 * whose CLI is pocketsphinx_continuous) prints one line per word with start and end times.
 */
export async function transcribe(file: string, { workDir, durationS, signal }: { workDir: string; durationS: number; signal?: AbortSignal }): Promise<Word[]> {
  const ffmpeg = toolPath("ffmpeg");
  const sphinx = toolPath("pocketsphinx");
  if (!ffmpeg || !sphinx) throw new ItemError("processing_error", "speech-to-text tools are missing");
  const wav = path.join(workDir, "speech.wav");
  const converted = await runTool(ffmpeg, ["-nostdin", "-v", "error", "-y", "-i", file, "-map", "0:a:0", "-vn", "-ac", "1", "-ar", "16000", "-t", String(Math.ceil(durationS) + 1), "-f", "wav", wav], {
    timeoutMs: 60_000 + durationS * 1000,
    signal,
  });
  if (converted.code !== 0) throw new ItemError("corrupt_media", `the audio track could not be decoded: ${lastLine(converted.stderr, file)}`);
  // OMP-free, single-threaded; -logfn keeps its very long log off our stderr buffer.
  const result = await runTool(sphinx, ["-infile", wav, "-time", "yes", "-logfn", "/dev/null"], { timeoutMs: transcribeTimeoutMs(durationS), signal });
  if (result.code !== 0) throw new ItemError("processing_error", `pocketsphinx failed (exit code ${result.code})`);
  return parseSphinxTimes(result.stdout);
}

const NOT_WORDS = new Set(["<s>", "</s>", "<sil>", "[NOISE]", "[SPEECH]", "++NOISE++", "++BREATH++"]);

/** Lines "word start end confidence"; the first line of each utterance is its plain text, which is skipped. */
export function parseSphinxTimes(stdout: string): Word[] {
  const words: Word[] = [];
  for (const line of stdout.split("\n")) {
    const m = /^(\S+) (\d+(?:\.\d+)?) (\d+(?:\.\d+)?) (-?\d+(?:\.\d+)?)$/.exec(line.trim());
    if (!m) continue;
    const word = m[1]!.replace(/\(\d+\)$/, ""); // "for(2)": the dictionary's second pronunciation
    if (NOT_WORDS.has(word) || word.startsWith("++") || word.startsWith("[")) continue;
    words.push({ word, startS: Number(m[2]), endS: Number(m[3]) });
  }
  return words;
}

/** Words grouped into 20-30 s sections: each closes at the first pause after 20 s, or at 30 s without one. */
export function transcriptSections(words: Word[]): ExtractedSection[] {
  const sections: ExtractedSection[] = [];
  let current: Word[] = [];
  const flush = () => {
    if (current.length === 0) return;
    sections.push({ text: current.map((w) => w.word).join(" "), startS: round(current[0]!.startS), endS: round(current.at(-1)!.endS), label: "transcript" });
    current = [];
  };
  for (const [i, w] of words.entries()) {
    current.push(w);
    const span = w.endS - current[0]!.startS;
    const next = words[i + 1];
    const pause = next ? next.startS - w.endS : Infinity;
    if (span >= SEGMENT_MAX_S || (span >= SEGMENT_TARGET_S && pause >= 0.3)) flush();
  }
  flush();
  return sections;
}

const round = (s: number) => Math.round(s * 100) / 100;

/** A transcript cut to about `chars` characters at a word boundary, for a description. */
export function brief(text: string, chars = 300): string {
  const flat = text.replace(/\s+/g, " ").trim();
  if (flat.length <= chars) return flat;
  return `${flat.slice(0, flat.lastIndexOf(" ", chars) > 0 ? flat.lastIndexOf(" ", chars) : chars)}...`;
}
