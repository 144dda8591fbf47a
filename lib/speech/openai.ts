import { readFile, rm } from "node:fs/promises";
import path from "node:path";
import OpenAI, { toFile } from "openai";
import { ItemError } from "@/lib/pipeline/types";
import { audioSlices, decodeSpeechAudio } from "./audio-input";
import type { SpeechProvider, TimedText } from "./types";

/** 16 kHz mono WAV is 32 KB a second: 780 s stays under OpenAI's 25 MB upload limit. */
export const MAX_SLICE_SECONDS = 780;

export interface OpenAiSpeechOptions {
  baseUrl: string;
  apiKey?: string;
  model: string;
  /** ISO-639-1 code sent as `language`; unset lets the server detect it. */
  language?: string;
  timeoutMs: number;
  /** Retries after the first attempt, on 408/409/429/5xx and timeouts, with exponential backoff honouring Retry-After. */
  maxRetries: number;
  /** Audio is sent in consecutive slices of at most this many seconds. */
  sliceSeconds: number;
}

interface VerboseSegment {
  start: unknown;
  end: unknown;
  text: unknown;
}

/**
 * Any OpenAI-compatible `/v1/audio/transcriptions` endpoint (OpenAI, Groq, a faster-whisper
 * or whisper.cpp server, vLLM, LocalAI), asked for `verbose_json` with segment timestamps.
 * The audio goes as 16 kHz mono WAV slices under the upload limit; each slice's segment times
 * are moved by the slice's offset. Retries, backoff and Retry-After are the openai client's own.
 */
export function createOpenAiSpeech(options: OpenAiSpeechOptions): SpeechProvider {
  const client = new OpenAI({
    baseURL: options.baseUrl,
    // Local servers often need no key, but the client refuses to start without one.
    apiKey: options.apiKey || "none",
    timeout: options.timeoutMs,
    maxRetries: options.maxRetries,
  });
  const where = `${options.baseUrl.replace(/\/$/, "")}/audio/transcriptions`;
  return {
    name: "openai",
    describe: () => `'${options.model}' at ${where}`,
    async transcribe(file, { workDir, durationS, signal }) {
      const out: TimedText[] = [];
      for (const [i, slice] of audioSlices(durationS, Math.min(options.sliceSeconds, MAX_SLICE_SECONDS)).entries()) {
        const wav = await decodeSpeechAudio(file, path.join(workDir, `speech-${i}.wav`), { durationS, slice, signal });
        let answer: unknown;
        try {
          // A File in memory (at most ~25 MB), not a stream: the client re-sends it on a retry.
          const upload = await toFile(await readFile(wav), path.basename(wav), { type: "audio/wav" });
          answer = await client.audio.transcriptions.create(
            {
              file: upload,
              model: options.model,
              response_format: "verbose_json",
              timestamp_granularities: ["segment"],
              ...(options.language && { language: options.language }),
            },
            { signal },
          );
        } catch (error) {
          if (signal?.aborted) throw new ItemError("timeout", "speech to text was cancelled");
          // Thrown after the client's own retries: the item is retried later, like an embedding outage.
          throw new Error(`speech to text at ${where} failed: ${error instanceof Error ? error.message : String(error)}`, { cause: error });
        } finally {
          await rm(wav, { force: true });
        }
        out.push(...segmentsOf(answer, slice, where));
      }
      return out;
    },
  };
}

/** A `verbose_json` answer's segments, moved to the recording's time; a malformed answer fails the item. */
export function segmentsOf(answer: unknown, slice: { offsetS: number; durationS: number }, where: string): TimedText[] {
  const malformed = (why: string) => new ItemError("processing_error", `the speech-to-text server at ${where} sent a malformed answer: ${why}`);
  if (!answer || typeof answer !== "object") throw malformed(`expected a verbose_json object, got ${typeof answer === "string" ? "text" : String(answer)}`);
  const { segments, text } = answer as { segments?: unknown; text?: unknown };
  if (segments === undefined) {
    // Servers without timestamps still say what was said: the slice is its timecode.
    if (typeof text !== "string") throw malformed("it has neither segments nor text");
    const said = text.trim();
    return said ? [{ text: said, startS: slice.offsetS, endS: slice.offsetS + slice.durationS }] : [];
  }
  if (!Array.isArray(segments)) throw malformed("segments is not a list");
  const end = slice.offsetS + slice.durationS;
  const out: TimedText[] = [];
  for (const [i, segment] of (segments as VerboseSegment[]).entries()) {
    const { start, end: stop, text: said } = segment ?? {};
    if (typeof start !== "number" || typeof stop !== "number" || !Number.isFinite(start) || !Number.isFinite(stop) || stop < start || start < 0) {
      throw malformed(`segment ${i} has no valid start/end times`);
    }
    if (typeof said !== "string") throw malformed(`segment ${i} has no text`);
    const words = said.trim();
    if (!words) continue;
    out.push({ text: words, startS: Math.min(slice.offsetS + start, end), endS: Math.min(slice.offsetS + stop, end) });
  }
  return out;
}
