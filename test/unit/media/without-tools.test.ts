import { describe, expect, it, vi } from "vitest";
import { extractAudio } from "@/lib/pipeline/extract/audio";
import { extractVideo } from "@/lib/pipeline/extract/video";
import { input } from "./helpers";

// A machine without Debian's pocketsphinx (OCR comes from npm and is always there).
vi.mock("@/lib/pipeline/extract/media-tools", async (importOriginal) => {
  const real = await importOriginal<typeof import("@/lib/pipeline/extract/media-tools")>();
  return {
    ...real,
    toolPath: (name: string) => (name === "pocketsphinx" ? null : real.toolPath(name as "ffmpeg")),
    pocketsphinxStatus: () => ({ available: false, detail: real.missingTool("pocketsphinx") }),
  };
});
vi.setConfig({ testTimeout: 30_000 });

describe("without speech-to-text, items yield the rest and say what was skipped", () => {
  it("an audio file keeps its duration and tags", async () => {
    const result = await extractAudio(await input("audio/sample.ogg"));
    expect(result.skipped).toEqual([expect.stringMatching(/^speech_to_text: pocketsphinx is not installed \(apt-get install -y pocketsphinx pocketsphinx-en-us\)/)]);
    expect(result.sections).toEqual([]);
    expect(result.metadata).toMatchObject({ title: "Harbour Talk", artist: "Ada Keeper" });
    expect(result.description).toMatch(/^Audio 'sample\.ogg', 5 s, 'Harbour Talk' by Ada Keeper/);
  });

  it("a video keeps its key frames", async () => {
    const result = await extractVideo(await input("video/sample.webm"));
    expect(result.skipped).toEqual([expect.stringMatching(/^speech_to_text: pocketsphinx is not installed/)]);
    expect(result.pictures!.length).toBeGreaterThan(0);
    expect(result.metadata).toMatchObject({ video_codec: "vp8", has_audio: true });
  });
});
