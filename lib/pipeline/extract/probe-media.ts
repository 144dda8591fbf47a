import { ItemError } from "@/lib/pipeline/types";
import { toolPath } from "@/lib/pipeline/extract/media-tools";
import { lastLine, runTool } from "@/lib/pipeline/extract/run-tool";

export interface MediaProbe {
  durationS: number;
  format: string;
  video?: { codec: string; width: number; height: number; fps?: number };
  audio?: { codec: string; sampleRate?: number; channels?: number };
  tags: Record<string, string>;
}

interface FfprobeJson {
  format?: { format_name?: string; duration?: string; tags?: Record<string, string> };
  streams?: Array<{
    codec_type?: string;
    codec_name?: string;
    width?: number;
    height?: number;
    avg_frame_rate?: string;
    sample_rate?: string;
    channels?: number;
    duration?: string;
    disposition?: { attached_pic?: number };
  }>;
}

/** Container, streams and duration from ffprobe; corrupt_media when it cannot read the file. */
export async function probeMedia(file: string, signal?: AbortSignal): Promise<MediaProbe> {
  const ffprobe = toolPath("ffprobe");
  if (!ffprobe) throw new ItemError("processing_error", "ffprobe is not installed");
  const result = await runTool(ffprobe, ["-v", "error", "-print_format", "json", "-show_format", "-show_streams", file], { timeoutMs: 30_000, signal, maxOutputBytes: 1024 * 1024 });
  let json: FfprobeJson;
  try {
    json = JSON.parse(result.stdout) as FfprobeJson;
  } catch {
    json = {};
  }
  if (result.code !== 0 || !json.format) throw new ItemError("corrupt_media", `the file could not be read as media: ${lastLine(result.stderr, file)}`);
  const streams = json.streams ?? [];
  // Cover art in an audio file is a "video" stream too.
  const v = streams.find((s) => s.codec_type === "video" && !s.disposition?.attached_pic);
  const a = streams.find((s) => s.codec_type === "audio");
  const durations = [json.format.duration, ...streams.map((s) => s.duration)].map(Number).filter((d) => Number.isFinite(d) && d > 0);
  const tags = Object.fromEntries(Object.entries(json.format.tags ?? {}).map(([k, val]) => [k.toLowerCase(), String(val)]));
  return {
    durationS: durations.length ? Math.max(...durations) : 0,
    format: json.format.format_name ?? "unknown",
    ...(v && { video: { codec: v.codec_name ?? "unknown", width: v.width ?? 0, height: v.height ?? 0, fps: frameRate(v.avg_frame_rate) } }),
    ...(a && { audio: { codec: a.codec_name ?? "unknown", sampleRate: Number(a.sample_rate) || undefined, channels: a.channels } }),
    tags,
  };
}

function frameRate(ratio?: string): number | undefined {
  const [n, d] = (ratio ?? "").split("/").map(Number);
  return n && d ? Math.round((n / d) * 100) / 100 : undefined;
}

/** "3 min 12 s", "45 s", "1 h 2 min". */
export function formatDuration(seconds: number): string {
  const s = Math.round(seconds);
  if (s < 60) return `${s} s`;
  if (s < 3600) return `${Math.floor(s / 60)} min${s % 60 ? ` ${s % 60} s` : ""}`;
  return `${Math.floor(s / 3600)} h ${Math.floor((s % 3600) / 60)} min`;
}

/** The category's duration limit, checked before any decoding work. */
export function checkDuration(durationS: number, maxS: number | undefined, kind: string): void {
  if (maxS !== undefined && durationS > maxS) {
    throw new ItemError("content_limit_exceeded", `The ${kind} lasts ${formatDuration(durationS)}; the limit is ${formatDuration(maxS)}.`);
  }
}
