import type { ExtractedSection } from "@/lib/pipeline/types";
import { loadSpeechProvider, type TimedText } from "@/lib/speech";
import type { TranscribeOptions } from "@/lib/speech/types";

/** Transcript sections close at the first pause after this many seconds, and never run past the maximum. */
const SEGMENT_TARGET_S = 20;
const SEGMENT_MAX_S = 30;

/** The speech of a media file as timed text, from the provider SPEECH_TO_TEXT names. */
export async function transcribe(file: string, options: TranscribeOptions): Promise<TimedText[]> {
  const provider = await loadSpeechProvider();
  return provider.transcribe(file, options);
}

/**
 * Timed words (or a provider's segments) grouped into 20-30 s sections: each closes at the first
 * pause after 20 s, or at 30 s without one.
 */
export function transcriptSections(words: TimedText[]): ExtractedSection[] {
  const sections: ExtractedSection[] = [];
  let current: TimedText[] = [];
  const flush = () => {
    if (current.length === 0) return;
    sections.push({ text: current.map((w) => w.text).join(" "), startS: round(current[0]!.startS), endS: round(current.at(-1)!.endS), label: "transcript" });
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
