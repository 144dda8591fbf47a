import path from "node:path";
import { ItemError } from "@/lib/pipeline/types";
import { toolPath, missingTool } from "@/lib/pipeline/extract/media-tools";
import { lastLine, runTool } from "@/lib/pipeline/extract/run-tool";

/** The sample rate every provider here is given: what pocketsphinx's en-us model and Whisper expect. */
export const SPEECH_SAMPLE_RATE = 16_000;

export interface AudioSlice {
  /** Where the slice starts in the recording, in seconds. */
  offsetS: number;
  /** Its length in seconds (the last slice may be shorter). */
  durationS: number;
}

/** The recording cut into consecutive slices of at most `sliceS` seconds (one slice when shorter). */
export function audioSlices(durationS: number, sliceS: number): AudioSlice[] {
  const total = Math.max(durationS, 0.01);
  const slices: AudioSlice[] = [];
  for (let offsetS = 0; offsetS < total; offsetS += sliceS) slices.push({ offsetS, durationS: Math.min(sliceS, total - offsetS) });
  return slices;
}

/**
 * The first audio track of `file`, or a slice of it, as 16 kHz mono 16-bit WAV (32 KB a second)
 * in `workDir`; `format: "f32le"` writes raw float samples instead (what Transformers.js takes).
 */
export async function decodeSpeechAudio(
  file: string,
  out: string,
  { durationS, slice, signal, format = "wav" }: { durationS: number; slice?: AudioSlice; signal?: AbortSignal; format?: "wav" | "f32le" },
): Promise<string> {
  const ffmpeg = toolPath("ffmpeg");
  if (!ffmpeg) throw new ItemError("processing_error", `speech to text: ${missingTool("ffmpeg")}`);
  const window = slice ? ["-ss", String(slice.offsetS), "-t", String(slice.durationS)] : ["-t", String(Math.ceil(durationS) + 1)];
  const target = path.resolve(out);
  const args = ["-nostdin", "-v", "error", "-y", "-i", file, ...window, "-map", "0:a:0", "-vn", "-ac", "1", "-ar", String(SPEECH_SAMPLE_RATE), "-f", format, target];
  const converted = await runTool(ffmpeg, args, { timeoutMs: 60_000 + (slice?.durationS ?? durationS) * 1000, signal });
  if (converted.code !== 0) throw new ItemError("corrupt_media", `the audio track could not be decoded: ${lastLine(converted.stderr, file)}`);
  return target;
}
