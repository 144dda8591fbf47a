import { execFile } from "node:child_process";
import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

const run = promisify(execFile);
let root: string;

beforeAll(async () => {
  root = await mkdtemp(path.join(tmpdir(), "tessera-models-"));
  await mkdir(path.join(root, "minilm"));
  await writeFile(path.join(root, "minilm", "config.json"), "{ not json");
  // A Whisper export whose download stopped before the decoder.
  await mkdir(path.join(root, "whisper-tiny", "onnx"), { recursive: true });
  for (const file of ["tokenizer.json", "preprocessor_config.json", "generation_config.json", "onnx/encoder_model.onnx"]) await writeFile(path.join(root, "whisper-tiny", file), "{}");
  await writeFile(path.join(root, "whisper-tiny", "config.json"), JSON.stringify({ model_type: "whisper" }));
});
afterAll(() => rm(root, { recursive: true, force: true }));

describe("a worker whose model folder is broken", () => {
  it("stops at start-up naming the folder and the missing file, before taking any item", async () => {
    const started = run("npx", ["tsx", "scripts/worker.ts"], {
      env: { ...process.env, TEXT_EMBEDDINGS: "transformers", VISUAL_EMBEDDINGS: "none", TRANSFORMERS_MODEL_DIR: root, TRANSFORMERS_TEXT_MODEL: "minilm" },
      timeout: 100_000,
    });
    const failure = await started.then(() => null, (error: { code: number; stderr: string; stdout: string }) => error);
    expect(failure?.code).not.toBe(0);
    expect(failure?.stderr).toContain(`Model folder ${path.join(root, "minilm")} (TRANSFORMERS_TEXT_MODEL) is missing tokenizer.json.`);
    expect(failure?.stdout ?? "").not.toContain("ready");
  }, 120_000);
});

describe("a worker whose Whisper folder is incomplete (SPEECH_TO_TEXT=transformers)", () => {
  it("stops at start-up naming the folder and the missing weights", async () => {
    const started = run("npx", ["tsx", "scripts/worker.ts"], {
      env: { ...process.env, SPEECH_TO_TEXT: "transformers", TRANSFORMERS_MODEL_DIR: root, TRANSFORMERS_SPEECH_MODEL: "whisper-tiny" },
      timeout: 100_000,
    });
    const failure = await started.then(() => null, (error: { code: number; stderr: string; stdout: string }) => error);
    expect(failure?.code).not.toBe(0);
    expect(failure?.stderr).toContain(`Model folder ${path.join(root, "whisper-tiny")} (TRANSFORMERS_SPEECH_MODEL) is missing onnx/decoder_model_merged.onnx (or their _quantized versions).`);
    expect(failure?.stdout ?? "").not.toContain("ready");
  }, 120_000);
});
