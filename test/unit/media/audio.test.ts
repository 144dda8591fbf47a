import { describe, expect, it, vi } from "vitest";
import { extractAudio } from "@/lib/pipeline/extract/audio";
import { failure, input } from "./helpers";

// pocketsphinx loads a 30 MB model per file; on a shared 2-core machine that takes seconds.
vi.setConfig({ testTimeout: 60_000 });

describe("extractAudio", () => {
  it("reads duration and tags and transcribes the speech with timecodes (.mp3)", async () => {
    const result = await extractAudio(await input("audio/sample.mp3"));
    expect(result.metadata.duration_s).toBeCloseTo(5.2, 0);
    expect(result.metadata).toMatchObject({ title: "Harbour Talk", artist: "Ada Keeper", album: "Lighthouse Sessions", year: 2024, genre: "Speech", format: "mp3" });
    const transcript = result.sections.map((s) => s.text).join(" ");
    expect(transcript).toMatch(/\btest\b/);
    expect(transcript).toMatch(/\bsystem\b/);
    for (const s of result.sections) {
      expect(s.startS).toBeGreaterThanOrEqual(0);
      expect(s.endS).toBeGreaterThan(s.startS!);
      expect(s.endS).toBeLessThanOrEqual(5.4);
    }
    expect(result.description).toMatch(/^Audio 'sample\.mp3', 5 s, 'Harbour Talk' by Ada Keeper \(album 'Lighthouse Sessions', 2024, genre Speech\)\. Transcript: .*test/);
    expect(result.skipped).toBeUndefined();
  });

  it("reads tags of a FLAC file", async () => {
    const result = await extractAudio(await input("audio/sample.flac"));
    expect(result.metadata).toMatchObject({ title: "Harbour Talk", artist: "Ada Keeper", codec: "flac", sample_rate: 16000, channels: 1 });
    expect(result.sections.map((s) => s.text).join(" ")).toMatch(/\btest\b/);
  });

  it.each([
    ["hostile/truncated.wav", ".wav"],
    ["hostile/garbage.mp3", ".mp3"],
    ["images/sample.png", ".ogg"],
  ])("%s as %s -> corrupt_media, quickly", async (file, extension) => {
    const started = Date.now();
    const err = await failure(extractAudio({ ...(await input(file)), extension }));
    expect(err.code).toBe("corrupt_media");
    expect(err.message).not.toContain("fixtures");
    expect(Date.now() - started).toBeLessThan(5_000);
  });

  it("an aborted item stops transcribing and fails with timeout", async () => {
    const controller = new AbortController();
    const started = Date.now();
    setTimeout(() => controller.abort(), 300);
    const err = await failure(extractAudio({ ...(await input("audio/sample.wav")), signal: controller.signal }));
    expect(err.code).toBe("timeout");
    expect(Date.now() - started).toBeLessThan(2_000);
  });
});
