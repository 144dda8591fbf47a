import { stat } from "node:fs/promises";
import sharp from "sharp";
import { describe, expect, it, vi } from "vitest";
import { extractVideo } from "@/lib/pipeline/extract/video";
import { failure, input } from "./helpers";

vi.setConfig({ testTimeout: 60_000 });

describe("extractVideo", () => {
  it("reads duration, takes evenly spaced key frames and transcribes the sound track (.mp4)", async () => {
    const result = await extractVideo(await input("video/sample.mp4"));
    expect(result.metadata).toMatchObject({ format: "mp4", width: 160, height: 120, video_codec: "h264", audio_codec: "aac", has_audio: true, key_frames: 3 });
    expect(result.metadata.duration_s).toBeCloseTo(7.1, 0);
    expect(result.pictures!.map((p) => p.startS)).toEqual([1.18, 3.55, 5.92]);
    for (const p of result.pictures!) {
      expect((await stat(p.path)).size).toBeGreaterThan(0);
      expect(await sharp(p.path).metadata()).toMatchObject({ format: "jpeg", width: 160, height: 120 });
    }
    const transcript = result.sections.map((s) => s.text).join(" ");
    expect(transcript).toMatch(/\btest\b/);
    expect(result.sections[0]).toMatchObject({ label: "transcript", startS: expect.any(Number), endS: expect.any(Number) });
    expect(result.description).toMatch(/^Video 'sample\.mp4', 7 s, 160x120 h264 at 10 fps, 3 key frames\. Transcript: .*test/);
  });

  // A 0.07 s clip has two frames; evenly spaced seeks land past them.
  it.each(["video/short.webm", "video/short.mp4", "video/short.mpeg"])("takes the first frame of a sub-second clip (%s)", async (file) => {
    const result = await extractVideo(await input(file));
    expect(result.metadata.duration_s).toBeLessThan(0.1);
    expect(result.pictures).toHaveLength(1);
    expect(await sharp(result.pictures![0]!.path).metadata()).toMatchObject({ format: "jpeg", width: 160, height: 120 });
    expect(result.description).toContain("1 key frame.");
  });

  it("reads an .mp4 of sound alone as audio, saying it has no picture", async () => {
    const result = await extractVideo(await input("audio/sample.m4a", { extension: ".mp4", filename: "voice-memo.mp4" }));
    expect(result.metadata).toMatchObject({ has_video: false, format: "mp4" });
    expect(result.pictures ?? []).toHaveLength(0);
    expect(result.sections.map((s) => s.text).join(" ")).toMatch(/\btest\b/);
    expect(result.description).toMatch(/^Audio 'voice-memo\.mp4', .* The MP4 file holds sound only, no picture\.$/);
  });

  it("a video over 10 minutes fails with content_limit_exceeded before any decoding", async () => {
    const started = Date.now();
    const err = await failure(extractVideo(await input("hostile/long.mp4")));
    expect(err.code).toBe("content_limit_exceeded");
    expect(err.message).toMatch(/11 min; the limit is 10 min/);
    expect(Date.now() - started).toBeLessThan(5_000);
  });

  it.each([
    ["hostile/truncated.mp4", ".mp4"],
    ["audio/sample.wav", ".avi"],
  ])("%s as %s -> corrupt_media", async (file, extension) => {
    const err = await failure(extractVideo({ ...(await input(file)), extension }));
    expect(err.code).toBe("corrupt_media");
    expect(err.message).not.toContain("fixtures");
  });
});
