// Audio seconds transcribed per second: Tessera's audio extraction (ffprobe, tags, ffmpeg
// resampling, pocketsphinx) against real time, i.e. the audio's own duration. Above 1.0x
// Tessera transcribes faster than the audio plays. The corpus is the spoken test fixture
// looped to ~16 s in three containers (MP3, Ogg Vorbis, FLAC). Without Debian's pocketsphinx
// the row says so instead.

import { execFile } from "node:child_process";
import { mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { extractAudio } from "@/lib/pipeline/extract/audio";
import { toolPath } from "@/lib/pipeline/extract/media-tools";
import { speechStatus } from "@/lib/speech";
import { probeMedia } from "@/lib/pipeline/extract/probe-media";
import { eachFile, type ExtractScenario } from "../lib/extract-scenario";

const FIXTURES = path.resolve(import.meta.dirname, "../../test/fixtures/audio");
const LOOPS = 2;
const run = promisify(execFile);

export const scenario: ExtractScenario = {
  name: "audio (speech to text)",
  unit: "audio s",
  // The configured SPEECH_TO_TEXT provider (pocketsphinx by default, still from Debian).
  unavailable: () => (speechStatus().available ? null : speechStatus().detail),
  async makeCorpus(dir) {
    const ffmpeg = toolPath("ffmpeg");
    if (!ffmpeg) throw new Error("ffmpeg is not installed");
    const files: string[] = [];
    for (const ext of ["mp3", "ogg", "flac"]) {
      const out = path.join(dir, `talk.${ext}`);
      await run(ffmpeg, ["-v", "error", "-y", "-stream_loop", String(LOOPS), "-i", path.join(FIXTURES, `sample.${ext}`), out]);
      files.push(out);
    }
    return files;
  },
  run: (files) =>
    eachFile(files, async (file) => {
      const workDir = await mkdtemp(path.join(os.tmpdir(), "tessera-bench-audio-"));
      try {
        const { metadata, sections } = await extractAudio({ path: file, extension: path.extname(file), workDir });
        if (!sections.length) throw new Error(`no transcript for ${file}`);
        return Number(metadata.duration_s);
      } finally {
        await rm(workDir, { recursive: true, force: true });
      }
    }),
  baseline: {
    name: "real time (the audio's duration)",
    run: (files) =>
      eachFile(files, async (file) => {
        const { durationS } = await probeMedia(file);
        await new Promise((resolve) => setTimeout(resolve, durationS * 1000));
        return durationS;
      }),
  },
};

export default scenario;
