import { copyFile, mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadTransformersClip, loadTransformersText } from "./transformers";

// Start-up errors of broken folders; transformers-model.test.ts runs a real (tiny) model.
let root: string;

beforeAll(async () => {
  root = await mkdtemp(path.join(tmpdir(), "tessera-models-"));
  await mkdir(path.join(root, "empty"));
  const broken = path.join(root, "broken");
  await mkdir(path.join(broken, "onnx"), { recursive: true });
  await writeFile(path.join(broken, "config.json"), '{"model_type": "bert",');
  await writeFile(path.join(broken, "tokenizer.json"), "{}");
  await writeFile(path.join(broken, "onnx/model.onnx"), "not a model");
  const garbage = path.join(root, "garbage");
  await mkdir(path.join(garbage, "onnx"), { recursive: true });
  await writeFile(path.join(garbage, "config.json"), '{"model_type": "bert"}');
  // A real tokenizer (the tiny BERT fixture's), so it is the weights file that fails to load.
  for (const file of ["tokenizer.json", "tokenizer_config.json"]) await copyFile(path.join(import.meta.dirname, "../../test/fixtures/models/tiny-bert", file), path.join(garbage, file));
  await writeFile(path.join(garbage, "onnx/model.onnx"), "not a model");
});
afterAll(() => rm(root, { recursive: true, force: true }));

describe("transformers provider start-up errors", () => {
  it("names the unset variables", async () => {
    await expect(loadTransformersText({ model: "x" })).rejects.toThrow("TRANSFORMERS_MODEL_DIR is not set");
    await expect(loadTransformersClip({ modelDir: root })).rejects.toThrow("TRANSFORMERS_CLIP_MODEL is not set");
  });

  it("names a model folder that does not exist", async () => {
    await expect(loadTransformersText({ modelDir: root, model: "nope/MiniLM" })).rejects.toThrow(`Model folder ${path.join(root, "nope/MiniLM")} (TRANSFORMERS_TEXT_MODEL) does not exist.`);
  });

  it("names the first missing file of an empty folder", async () => {
    await expect(loadTransformersText({ modelDir: root, model: "empty" })).rejects.toThrow(`Model folder ${path.join(root, "empty")} (TRANSFORMERS_TEXT_MODEL) is missing config.json.`);
    await expect(loadTransformersClip({ modelDir: root, model: "broken" })).rejects.toThrow("is missing preprocessor_config.json");
  });

  it("reports a malformed config.json", async () => {
    await expect(loadTransformersText({ modelDir: root, model: "broken" })).rejects.toThrow(`Model folder ${path.join(root, "broken")} (TRANSFORMERS_TEXT_MODEL) has a malformed config.json`);
  });

  it("wraps a model file Transformers.js cannot load, naming the folder and the local file it read", async () => {
    await expect(loadTransformersText({ modelDir: root, model: "garbage" })).rejects.toThrow(`Could not load the model in ${path.join(root, "garbage")}: Load model from ${path.join(root, "garbage/onnx/model.onnx")} failed`);
  });
});
