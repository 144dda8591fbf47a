import { existsSync, readFileSync } from "node:fs";
import { readFile, rm } from "node:fs/promises";
import path from "node:path";
import { transformersLocal } from "@/lib/embeddings/transformers";
import { decodeSpeechAudio, SPEECH_SAMPLE_RATE } from "./audio-input";
import type { SpeechProvider, TimedText } from "./types";

/** The files of a Transformers.js Whisper export (as on the Hub's onnx-community/whisper-*), by dtype. */
const COMMON_FILES = ["config.json", "tokenizer.json", "preprocessor_config.json", "generation_config.json"];
const WEIGHTS = {
  fp32: ["onnx/encoder_model.onnx", "onnx/decoder_model_merged.onnx"],
  q8: ["onnx/encoder_model_quantized.onnx", "onnx/decoder_model_merged_quantized.onnx"],
} as const;

export interface WhisperFolder {
  folder: string;
  dtype: keyof typeof WEIGHTS;
}

/**
 * Checks a Whisper model folder before Transformers.js sees it: a missing or broken download is
 * one error naming the folder and the file, at start-up, never a download attempt.
 */
export function checkWhisperFolder(modelDir: string | undefined, model: string | undefined): WhisperFolder {
  const variable = "TRANSFORMERS_SPEECH_MODEL";
  if (!modelDir) throw new Error(`TRANSFORMERS_MODEL_DIR is not set: SPEECH_TO_TEXT=transformers needs a local folder of models.`);
  if (!model) throw new Error(`${variable} is not set: name a Whisper model folder inside ${modelDir}.`);
  const folder = path.resolve(modelDir, model);
  if (!existsSync(folder)) throw new Error(`Model folder ${folder} (${variable}) does not exist.`);
  for (const file of COMMON_FILES) {
    if (!existsSync(path.join(folder, file))) throw new Error(`Model folder ${folder} (${variable}) is missing ${file}.`);
  }
  let config: unknown;
  try {
    config = JSON.parse(readFileSync(path.join(folder, "config.json"), "utf8"));
  } catch (error) {
    throw new Error(`Model folder ${folder} (${variable}) has a malformed config.json: ${(error as Error).message}`);
  }
  const modelType = (config as { model_type?: unknown } | null)?.model_type;
  if (modelType !== "whisper") throw new Error(`Model folder ${folder} (${variable}) holds a '${String(modelType)}' model, not a Whisper model.`);
  for (const dtype of ["fp32", "q8"] as const) {
    if (WEIGHTS[dtype].every((file) => existsSync(path.join(folder, file)))) return { folder, dtype };
  }
  const missing = WEIGHTS.fp32.filter((file) => !existsSync(path.join(folder, file)));
  throw new Error(`Model folder ${folder} (${variable}) is missing ${missing.join(" and ")} (or their _quantized versions).`);
}

interface AsrChunk {
  timestamp: [number, number | null];
  text: string;
}

/**
 * Whisper from a local folder through Transformers.js: 30 s windows with 5 s of overlap,
 * segment timestamps on. Loaded once, at worker start-up.
 */
export async function loadTransformersSpeech({ modelDir, model, language }: { modelDir?: string; model?: string; language?: string }): Promise<SpeechProvider> {
  const { folder, dtype } = checkWhisperFolder(modelDir, model);
  const t = await transformersLocal(modelDir!);
  const asr = await t.pipeline("automatic-speech-recognition", model!, { dtype }).catch((error: unknown) => {
    throw new Error(`Could not load the Whisper model in ${folder}: ${error instanceof Error ? error.message : String(error)}`);
  });
  return {
    name: "transformers",
    describe: () => `Whisper in ${folder} (${dtype})`,
    async transcribe(file, { workDir, durationS, signal }) {
      const raw = await decodeSpeechAudio(file, path.join(workDir, "speech.f32"), { durationS, signal, format: "f32le" });
      const bytes = await readFile(raw);
      await rm(raw, { force: true });
      const samples = new Float32Array(bytes.buffer, bytes.byteOffset, Math.floor(bytes.byteLength / 4));
      const result = (await asr(samples, {
        return_timestamps: true,
        chunk_length_s: 30,
        stride_length_s: 5,
        ...(language && { language }),
      })) as { text: string; chunks?: AsrChunk[] };
      const end = samples.length / SPEECH_SAMPLE_RATE;
      const chunks = result.chunks ?? [{ timestamp: [0, end], text: result.text }];
      return chunks
        .map((c): TimedText => ({ text: c.text.trim(), startS: c.timestamp[0], endS: c.timestamp[1] ?? end }))
        .filter((c) => c.text);
    },
  };
}
