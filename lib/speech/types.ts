/** A stretch of recognised speech with its place in the recording: a word, or a provider's segment. */
export interface TimedText {
  text: string;
  startS: number;
  endS: number;
}

export interface TranscribeOptions {
  /** A per-item scratch folder for the resampled audio. */
  workDir: string;
  /** The media's duration, measured by ffprobe or the tags: bounds the decode and the timeouts. */
  durationS: number;
  signal?: AbortSignal;
}

export type SpeechProviderName = "offline" | "openai" | "transformers";

/** One speech-to-text engine; `SPEECH_TO_TEXT` chooses which. */
export interface SpeechProvider {
  name: SpeechProviderName;
  /** What it is, e.g. "pocketsphinx 0.8 (en-us)" or "whisper-1 at http://...": shown in capabilities. */
  describe(): string;
  /** Timed text in recording order; times are seconds from the start of the file. */
  transcribe(file: string, options: TranscribeOptions): Promise<TimedText[]>;
}
