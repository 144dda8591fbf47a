import { stat } from "node:fs/promises";
import path from "node:path";
import { CATEGORIES } from "@/lib/constants";
import { ItemError, type ExtractedPicture, type Extraction, type Extractor } from "@/lib/pipeline/types";
import { extractAudio } from "@/lib/pipeline/extract/audio";
import { ensureReadable, requireWorkDir } from "@/lib/pipeline/extract/media-input";
import { missingTool, toolPath } from "@/lib/pipeline/extract/media-tools";
import { speechStatus } from "@/lib/speech";
import { checkDuration, formatDuration, probeMedia } from "@/lib/pipeline/extract/probe-media";
import { lastLine, runTool } from "@/lib/pipeline/extract/run-tool";
import { brief, transcribe, transcriptSections } from "@/lib/pipeline/extract/transcribe";

/** Containers that are as often sound alone as video (an .m4a is an .mp4; WebM carries Opus podcasts). */
const SOUND_ONLY_CONTAINERS = new Set([".mp4", ".mov", ".webm"]);

/** Key frames: one every FRAME_STEP_S at most, never more than MAX_FRAMES per video. */
const MAX_FRAMES = 16;
const FRAME_STEP_S = 2;
const FRAME_SIZE = 512;
const FRAME_TIMEOUT_MS = 20_000;

/** Duration, key frames and the timed transcript of .mp4 .mov .avi .webm .mpeg .mpg .wmv files. */
export const extractVideo: Extractor = async (input) => {
  const { path: file, extension, filename, workDir, signal } = input;
  await ensureReadable(file, signal);
  const dir = requireWorkDir(workDir);
  // Without ffprobe nothing can be read, not even whether the video is within the limit.
  if (!toolPath("ffprobe") || !toolPath("ffmpeg")) throw new ItemError("unsupported_media", `video: ${missingTool(toolPath("ffprobe") ? "ffmpeg" : "ffprobe")}`);
  const probe = await probeMedia(file, signal);
  if (!probe.video && probe.audio && SOUND_ONLY_CONTAINERS.has(extension)) {
    // An .mp4 or .webm of sound alone (podcasts, voice memos, YouTube audio): read as audio.
    const sound = await extractAudio(input);
    return { ...sound, metadata: { ...sound.metadata, has_video: false }, description: `${sound.description ?? ""} The ${extension.slice(1).toUpperCase()} file holds sound only, no picture.`.trim() };
  }
  if (!probe.video) throw new ItemError("corrupt_media", "the file has neither a video nor an audio track");
  if (!(probe.durationS > 0)) throw new ItemError("corrupt_media", "the video has no measurable duration (truncated file?)");
  checkDuration(probe.durationS, CATEGORIES.video.maxDurationSeconds, "video");

  const pictures = await keyFrames(file, dir, probe.durationS, signal);

  const skipped: string[] = [];
  const speech = speechStatus();
  let sections: Extraction["sections"] = [];
  if (probe.audio && speech.available) sections = transcriptSections(await transcribe(file, { workDir: dir, durationS: probe.durationS, signal }));
  else if (probe.audio) skipped.push(`speech_to_text: ${speech.detail}`);

  const { video } = probe;
  const metadata: Extraction["metadata"] = {
    duration_s: Math.round(probe.durationS * 100) / 100,
    format: extension.slice(1),
    width: video.width,
    height: video.height,
    video_codec: video.codec,
    key_frames: pictures.length,
    has_audio: Boolean(probe.audio),
  };
  if (video.fps) metadata.fps = video.fps;
  if (probe.audio) metadata.audio_codec = probe.audio.codec;
  if (probe.tags.title) metadata.title = probe.tags.title.slice(0, 200);
  if (probe.audio && speech.available) metadata.transcript_words = sections.reduce((n, s) => n + s.text.split(" ").length, 0);

  const transcript = sections.map((s) => s.text).join(" ");
  const speechNote = !probe.audio ? " It has no sound." : transcript ? ` Transcript: ${brief(transcript)}` : speech.available ? " No speech was recognised." : "";
  const description =
    `Video '${filename ?? `video${extension}`}'${metadata.title ? ` titled '${metadata.title}'` : ""}, ${formatDuration(probe.durationS)}, ` +
    `${video.width}x${video.height} ${video.codec}${video.fps ? ` at ${video.fps} fps` : ""}, ${pictures.length} key frame${pictures.length === 1 ? "" : "s"}.${speechNote}`;
  return { sections, metadata, description, pictures, ...(skipped.length && { skipped }) };
};

/**
 * Evenly spaced frames, each found by a fast seek: cheaper than scene detection, which decodes
 * every frame. At least one, or a corrupt_media error naming what ffmpeg said.
 */
async function keyFrames(file: string, dir: string, durationS: number, signal?: AbortSignal): Promise<ExtractedPicture[]> {
  const ffmpeg = toolPath("ffmpeg")!;
  const count = Math.min(MAX_FRAMES, Math.max(1, Math.floor(durationS / FRAME_STEP_S)));
  const pictures: ExtractedPicture[] = [];
  let lastError = "";
  const scale = `scale=w='min(${FRAME_SIZE},iw)':h='min(${FRAME_SIZE},ih)':force_original_aspect_ratio=decrease`;
  /** The first frame at or after `at` seconds (no seek when null), or the reason there is none. */
  const frameAt = async (at: number | null, out: string): Promise<string | null> => {
    const seek = at === null ? [] : ["-ss", String(at)];
    const result = await runTool(ffmpeg, ["-nostdin", "-v", "error", "-y", ...seek, "-i", file, "-map", "0:v:0", "-frames:v", "1", "-vf", scale, "-q:v", "3", out], {
      timeoutMs: FRAME_TIMEOUT_MS,
      signal,
    });
    if (result.code === 0 && (await exists(out))) return null;
    return result.stderr.trim() ? lastLine(result.stderr, file) : "ffmpeg found no frame there";
  };
  for (let i = 0; i < count; i++) {
    const at = Math.round(((i + 0.5) * durationS * 100) / count) / 100;
    const out = path.join(dir, `frame-${String(i).padStart(2, "0")}.jpg`);
    // A seek past the last decodable frame writes nothing: that frame is left out.
    const error = await frameAt(at, out);
    if (error === null) pictures.push({ path: out, startS: at, label: `frame at ${formatDuration(at)}` });
    else lastError = error;
  }
  // A clip of a frame or two (under a tenth of a second) has nothing at the sought times: its first frame stands for it.
  if (pictures.length === 0) {
    const out = path.join(dir, "frame-first.jpg");
    const error = await frameAt(null, out);
    if (error === null) return [{ path: out, startS: 0, label: `frame at ${formatDuration(0)}` }];
    throw new ItemError("corrupt_media", `the video could not be decoded: ${lastError && error === "ffmpeg found no frame there" ? lastError : error}`);
  }
  return pictures;
}

async function exists(file: string): Promise<boolean> {
  return stat(file).then((s) => s.size > 0, () => false);
}
