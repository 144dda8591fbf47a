import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { checkWhisperFolder } from "@/lib/speech/transformers";

let root: string;

async function folder(name: string, files: Record<string, string>) {
  for (const [file, content] of Object.entries(files)) {
    await mkdir(path.dirname(path.join(root, name, file)), { recursive: true });
    await writeFile(path.join(root, name, file), content);
  }
}

const WHISPER = JSON.stringify({ model_type: "whisper" });
const COMMON = { "config.json": WHISPER, "tokenizer.json": "{}", "preprocessor_config.json": "{}", "generation_config.json": "{}" };

beforeAll(async () => {
  root = await mkdtemp(path.join(tmpdir(), "tessera-whisper-"));
  await folder("complete-q8", { ...COMMON, "onnx/encoder_model_quantized.onnx": "", "onnx/decoder_model_merged_quantized.onnx": "" });
  await folder("complete-fp32", { ...COMMON, "onnx/encoder_model.onnx": "", "onnx/decoder_model_merged.onnx": "", "onnx/encoder_model_quantized.onnx": "", "onnx/decoder_model_merged_quantized.onnx": "" });
  await folder("no-weights", COMMON);
  await folder("bert", { ...COMMON, "config.json": JSON.stringify({ model_type: "bert" }) });
  await folder("broken-config", { ...COMMON, "config.json": "{ not json" });
});
afterAll(() => rm(root, { recursive: true, force: true }));

describe("a Whisper folder for SPEECH_TO_TEXT=transformers", () => {
  it("is accepted with the weights it has, fp32 before quantized", () => {
    expect(checkWhisperFolder(root, "complete-fp32")).toEqual({ folder: path.join(root, "complete-fp32"), dtype: "fp32" });
    expect(checkWhisperFolder(root, "complete-q8")).toEqual({ folder: path.join(root, "complete-q8"), dtype: "q8" });
  });

  it("is refused with the folder and the file named", () => {
    const at = (name: string) => path.join(root, name);
    expect(() => checkWhisperFolder(undefined, "x")).toThrow("TRANSFORMERS_MODEL_DIR is not set");
    expect(() => checkWhisperFolder(root, undefined)).toThrow("TRANSFORMERS_SPEECH_MODEL is not set");
    expect(() => checkWhisperFolder(root, "absent")).toThrow(`Model folder ${at("absent")} (TRANSFORMERS_SPEECH_MODEL) does not exist.`);
    expect(() => checkWhisperFolder(root, "no-weights")).toThrow(`Model folder ${at("no-weights")} (TRANSFORMERS_SPEECH_MODEL) is missing onnx/encoder_model.onnx and onnx/decoder_model_merged.onnx`);
    expect(() => checkWhisperFolder(root, "complete-q8/onnx")).toThrow(`Model folder ${at("complete-q8/onnx")} (TRANSFORMERS_SPEECH_MODEL) is missing config.json.`);
    expect(() => checkWhisperFolder(root, "bert")).toThrow(`holds a 'bert' model, not a Whisper model.`);
    expect(() => checkWhisperFolder(root, "broken-config")).toThrow(`Model folder ${at("broken-config")} (TRANSFORMERS_SPEECH_MODEL) has a malformed config.json`);
  });
});

describe("SPEECH_TO_TEXT=transformers wiring", () => {
  afterAll(() => vi.unstubAllEnvs());

  it("reports speech unavailable with the folder's problem, and refuses to load", async () => {
    vi.stubEnv("SPEECH_TO_TEXT", "transformers");
    vi.stubEnv("TRANSFORMERS_MODEL_DIR", root);
    vi.stubEnv("TRANSFORMERS_SPEECH_MODEL", "no-weights");
    const { loadSpeechProvider, speechStatus } = await import("@/lib/speech");
    expect(speechStatus()).toEqual({ available: false, detail: expect.stringContaining(`${path.join(root, "no-weights")} (TRANSFORMERS_SPEECH_MODEL) is missing onnx/encoder_model.onnx`) });
    await expect(loadSpeechProvider()).rejects.toThrow("is missing onnx/encoder_model.onnx");
    const { PROBES } = await import("@/lib/capabilities");
    const speech = await PROBES.find((c) => c.name === "speech_to_text")!.probe();
    expect(speech).toMatchObject({ available: false, install: "set TRANSFORMERS_MODEL_DIR and TRANSFORMERS_SPEECH_MODEL" });
  });
});
