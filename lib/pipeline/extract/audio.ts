import { parseFile, type IAudioMetadata } from "music-metadata";
import { CATEGORIES } from "@/lib/constants";
import { ItemError, type Extraction, type Extractor } from "@/lib/pipeline/types";
import { ensureReadable, requireWorkDir } from "@/lib/pipeline/extract/media-input";
import { missingTool, toolPath } from "@/lib/pipeline/extract/media-tools";
import { speechStatus } from "@/lib/speech";
import { checkDuration, formatDuration, probeMedia, type MediaProbe } from "@/lib/pipeline/extract/probe-media";
import { brief, transcribe, transcriptSections } from "@/lib/pipeline/extract/transcribe";

/** Duration, tags and the timed transcript of .mp3 .wav .m4a .flac .ogg .aac .aiff .wma files. */
export const extractAudio: Extractor = async ({ path, extension, filename, workDir, signal }) => {
  await ensureReadable(path, signal);
  const dir = requireWorkDir(workDir);
  // music-metadata reads tags in-process; ffprobe (when present) is the stricter judge of
  // whether the audio itself is readable, and measures duration without trusting headers.
  const tags = await parseFile(path, { duration: true, skipCovers: true }).catch(() => null);
  const probe: MediaProbe | null = toolPath("ffprobe") ? await probeMedia(path, signal) : null;
  if (probe && !probe.audio) throw new ItemError("corrupt_media", "the file has no audio track");
  if (!probe && !tags) throw new ItemError("corrupt_media", `${extension.slice(1).toUpperCase()} file could not be read`);
  const durationS = probe?.durationS || tags?.format.duration || 0;
  if (!(durationS > 0)) throw new ItemError("corrupt_media", "the audio has no measurable duration (truncated or empty file?)");
  checkDuration(durationS, CATEGORIES.audio.maxDurationSeconds, "audio");

  const metadata: Extraction["metadata"] = { duration_s: Math.round(durationS * 100) / 100, format: extension.slice(1) };
  putTags(metadata, tags, probe);
  if (probe?.audio) {
    metadata.codec = probe.audio.codec;
    if (probe.audio.sampleRate) metadata.sample_rate = probe.audio.sampleRate;
    if (probe.audio.channels) metadata.channels = probe.audio.channels;
  }

  const skipped: string[] = [];
  const speech = speechStatus();
  const sections = speech.available ? transcriptSections(await transcribe(path, { workDir: dir, durationS, signal })) : [];
  if (!speech.available) skipped.push(`speech_to_text: ${speech.detail}`);
  else metadata.transcript_words = sections.reduce((n, s) => n + s.text.split(" ").length, 0);
  if (!probe) skipped.push(`duration check: ${missingTool("ffprobe")}`);

  const name = filename ?? `audio${extension}`;
  const title = metadata.title ? `, '${metadata.title}'${metadata.artist ? ` by ${metadata.artist}` : ""}` : metadata.artist ? `, by ${metadata.artist}` : "";
  const extra = [metadata.album && `album '${metadata.album}'`, metadata.year && `${metadata.year}`, metadata.genre && `genre ${metadata.genre}`].filter(Boolean);
  const transcript = sections.map((s) => s.text).join(" ");
  const description =
    `Audio '${name}', ${formatDuration(durationS)}${title}${extra.length ? ` (${extra.join(", ")})` : ""}.` +
    (transcript ? ` Transcript: ${brief(transcript)}` : speech.available ? " No speech was recognised." : "");
  return { sections, metadata, description, ...(skipped.length && { skipped }) };
};

function putTags(metadata: Extraction["metadata"], tags: IAudioMetadata | null, probe: MediaProbe | null): void {
  const c = tags?.common;
  const t = probe?.tags ?? {};
  const put = (key: string, value: string | number | undefined) => {
    const v = typeof value === "string" ? value.trim().slice(0, 200) : value;
    if (v !== undefined && v !== "" && !(typeof v === "number" && !Number.isFinite(v))) metadata[key] = v;
  };
  put("title", c?.title ?? t.title);
  put("artist", c?.artist ?? t.artist);
  put("album", c?.album ?? t.album);
  put("year", c?.year ?? (Number.parseInt(t.date ?? t.year ?? "", 10) || undefined));
  put("genre", c?.genre?.[0] ?? t.genre);
}
