import { execFile } from "node:child_process";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { toolPath } from "@/lib/pipeline/extract/media-tools";
import { transcriptSections } from "@/lib/pipeline/extract/transcribe";
import { createOpenAiSpeech, type OpenAiSpeechOptions } from "@/lib/speech/openai";
import { startFakeTranscription } from "@/test/support/fake-transcription-server";
import { failure, input } from "./helpers";

vi.setConfig({ testTimeout: 30_000 });
const run = promisify(execFile);
let fake: Awaited<ReturnType<typeof startFakeTranscription>>;
let dir: string;
let tone70: string;

beforeAll(async () => {
  fake = await startFakeTranscription({ slowMs: 3_000, retryAfterS: 2 });
  dir = await mkdtemp(path.join(tmpdir(), "tessera-speech-test-"));
  // 70 s of 44.1 kHz stereo MP3: long enough to need three 30 s slices.
  tone70 = path.join(dir, "tone70.mp3");
  await run(toolPath("ffmpeg")!, ["-v", "error", "-f", "lavfi", "-i", "sine=frequency=440:duration=70:sample_rate=44100", "-ac", "2", tone70]);
});
afterAll(async () => {
  await fake.close();
  await rm(dir, { recursive: true, force: true });
});
beforeEach(() => {
  fake.state.requests.length = 0;
  fake.state.script.length = 0;
});

const provider = (overrides: Partial<OpenAiSpeechOptions> = {}) =>
  createOpenAiSpeech({ baseUrl: fake.baseUrl, apiKey: "sk-test", model: "whisper-test", language: "en", timeoutMs: 10_000, maxRetries: 4, sliceSeconds: 30, ...overrides });

const workDir = () => mkdtemp(path.join(dir, "work-"));

describe("the openai speech provider, against a server speaking the transcription protocol", () => {
  it("sends long audio in 16 kHz mono WAV slices and moves each slice's segments to the recording's time", async () => {
    const words = await provider().transcribe(tone70, { workDir: await workDir(), durationS: 70 });
    const sent = fake.state.requests;
    expect(sent.map((r) => Math.round(r.durationS))).toEqual([30, 30, 10]);
    for (const r of sent) {
      expect(r).toMatchObject({ sampleRate: 16_000, channels: 1, model: "whisper-test", responseFormat: "verbose_json", granularities: ["segment"], language: "en", auth: "Bearer sk-test" });
    }
    // Segments every 5 s of each slice: request 1's first segment begins 30 s into the recording.
    expect(words[0]).toEqual({ text: "harbour 0 0", startS: 0, endS: 5 });
    expect(words.find((w) => w.text === "harbour 1 0")).toMatchObject({ startS: 30, endS: 35 });
    expect(words.at(-1)).toMatchObject({ text: "harbour 2 1", startS: 65 });
    expect(words.at(-1)!.endS).toBeCloseTo(70, 0);
    // The pipeline's 20-30 s sections, with their timecodes.
    const sections = transcriptSections(words);
    // Back-to-back 5 s segments have no pause, so each section closes at 30 s.
    expect(sections.map((s) => [s.startS, Math.round(s.endS!)])).toEqual([
      [0, 30],
      [30, 60],
      [60, 70],
    ]);
    expect(sections[1]!.text).toBe("harbour 1 0 harbour 1 1 harbour 1 2 harbour 1 3 harbour 1 4 harbour 1 5");
  });

  it("waits as long as a 429's Retry-After says, then succeeds", async () => {
    fake.state.script.push("429");
    const words = await provider({ sliceSeconds: 600 }).transcribe(tone70, { workDir: await workDir(), durationS: 70 });
    const [refused, retried] = fake.state.requests;
    expect(refused!.behaviour).toBe("429");
    expect(retried!.behaviour).toBe("ok");
    // The client's own first backoff is under a second; Retry-After asked for two.
    expect(retried!.at - refused!.at).toBeGreaterThanOrEqual(1_900);
    expect(words).toHaveLength(14);
  });

  it("retries server errors, and after the last retry fails with the server named (the item is retried later)", async () => {
    fake.state.script.push("503", "503");
    await expect(provider({ sliceSeconds: 600 }).transcribe(tone70, { workDir: await workDir(), durationS: 70 })).resolves.toHaveLength(14);
    fake.state.requests.length = 0;
    fake.state.script.push("503", "503");
    const error = await failure(provider({ sliceSeconds: 600, maxRetries: 1 }).transcribe(tone70, { workDir: await workDir(), durationS: 70 }));
    expect(fake.state.requests).toHaveLength(2);
    expect(error.code).toBeUndefined();
    expect(error.message).toContain(`speech to text at ${fake.baseUrl}/audio/transcriptions failed`);
  });

  it("gives up on a server slower than the timeout", async () => {
    fake.state.script.push("slow");
    const error = await failure(provider({ sliceSeconds: 600, maxRetries: 0, timeoutMs: 500 }).transcribe(tone70, { workDir: await workDir(), durationS: 70 }));
    expect(error.message).toMatch(/timed out/i);
  });

  it("fails the item with processing_error on a malformed answer, and takes a text-only answer with the slice as its time", async () => {
    fake.state.script.push("malformed");
    const error = await failure(provider({ sliceSeconds: 600 }).transcribe(tone70, { workDir: await workDir(), durationS: 70 }));
    expect(error).toMatchObject({ code: "processing_error" });
    expect(error.message).toContain("malformed answer: segment 0 has no valid start/end times");

    fake.state.script.push("text-only", "text-only");
    const words = await provider({ sliceSeconds: 40 }).transcribe(tone70, { workDir: await workDir(), durationS: 70 });
    expect(words.map((w) => [w.startS, Math.round(w.endS)])).toEqual([
      [0, 40],
      [40, 70],
    ]);
  });
});

describe("SPEECH_TO_TEXT=openai through the extractors", () => {
  beforeAll(() => {
    vi.stubEnv("SPEECH_TO_TEXT", "openai");
    vi.stubEnv("OPENAI_SPEECH_BASE_URL", fake.baseUrl);
    vi.stubEnv("OPENAI_SPEECH_MODEL", "whisper-test");
  });
  afterAll(() => vi.unstubAllEnvs());

  it("audio and video get the server's transcript with timecodes", async () => {
    const { extractAudio } = await import("@/lib/pipeline/extract/audio");
    const { extractVideo } = await import("@/lib/pipeline/extract/video");
    fake.state.word = "lighthouse";
    const audio = await extractAudio(await input("audio/sample.ogg"));
    expect(audio.sections).toEqual([{ text: "lighthouse 0 0 lighthouse 0 1", startS: 0, endS: expect.closeTo(5.2, 1), label: "transcript" }]);
    expect(audio.description).toContain("Transcript: lighthouse 0 0 lighthouse 0 1");
    expect(audio.metadata.transcript_words).toBe(6);
    const video = await extractVideo(await input("video/sample.mp4"));
    expect(video.sections![0]).toMatchObject({ text: expect.stringMatching(/^lighthouse 1 0/), startS: 0, label: "transcript" });
    expect(fake.state.requests.map((r) => r.model)).toEqual(["whisper-test", "whisper-test"]);
  });
});
