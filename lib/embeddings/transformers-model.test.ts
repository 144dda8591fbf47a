import { cp, mkdir, mkdtemp, readFile, rename, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { fitChunksToModel } from "@/lib/pipeline/chunk";
import { loadTransformersText } from "./transformers";

// A real BERT-shaped ONNX model with fixed random weights and a WordPiece tokenizer
// (test/fixtures/models/make-tiny-bert.py), copied into variants of a model folder.
const FIXTURE = path.resolve(import.meta.dirname, "../../test/fixtures/models/tiny-bert");
let root: string;

async function variant(name: string, change: (folder: string) => Promise<void> = async () => {}) {
  const folder = path.join(root, name);
  await cp(FIXTURE, folder, { recursive: true });
  await change(folder);
  return name;
}
const editJson = async (file: string, edit: (value: Record<string, unknown>) => void) => {
  const value = JSON.parse(await readFile(file, "utf8")) as Record<string, unknown>;
  edit(value);
  await writeFile(file, JSON.stringify(value));
};
const load = (model: string, extra: Parameters<typeof loadTransformersText>[0] = {}) => loadTransformersText({ modelDir: root, model, ...extra });
const dot = (a: number[], b: number[]) => a.reduce((s, v, i) => s + v * b[i]!, 0);

beforeAll(async () => {
  root = await mkdtemp(path.join(tmpdir(), "tessera-bert-"));
});
afterAll(() => rm(root, { recursive: true, force: true }));

describe("transformers text provider with a real model folder", () => {
  it("embeds end to end: unit vectors of the model's size", async () => {
    const provider = await load(await variant("plain"));
    const [a, b] = await provider.embedTexts(["the cat on the ship", "breast cancer statin study"]);
    expect(provider.dimension).toBe(32);
    expect(dot(a!, a!)).toBeCloseTo(1, 5);
    expect(dot(a!, b!)).toBeLessThan(0.999);
  });

  it("splits a chunk longer than the model reads by its own tokenizer, keeping the last sentence, and never cuts one short", async () => {
    const provider = await load(await variant("limit"));
    const limit = provider.tokenLimit!;
    expect(limit.maxTokens).toBe(128);
    const long = `${Array.from({ length: 120 }, (_, i) => `the ship ${i} saw the storm.`).join(" ")} The lighthouse kept its last light.`;
    expect(limit.countTokens(long)).toBeGreaterThan(1_000);
    const chunks = fitChunksToModel([{ index: 0, text: long, tokenCount: 0, page: 3 }], limit);
    expect(chunks.length).toBeGreaterThan(7);
    for (const c of chunks) expect(limit.countTokens(c.text)).toBeLessThanOrEqual(128);
    expect(chunks.at(-1)!.text).toContain("The lighthouse kept its last light.");
    expect(chunks.map((c) => c.text).join(" ").replace(/\s+/g, " ")).toBe(long);
    expect(chunks.every((c, i) => c.index === i && c.page === 3)).toBe(true);
    await expect(provider.embedTexts([long])).rejects.toThrow(/longer than the 128 that .* reads .*not cut short/);
  });

  it("refuses at start-up a tokenizer without model_max_length or with the 1e30 sentinel, naming folder and file", async () => {
    const none = await variant("no-max", (f) => editJson(path.join(f, "tokenizer_config.json"), (v) => delete v.model_max_length));
    await expect(load(none)).rejects.toThrow(`Model folder ${path.join(root, none)} (TRANSFORMERS_TEXT_MODEL): tokenizer_config.json has no usable model_max_length (none)`);
    const sentinel = await variant("sentinel", (f) => editJson(path.join(f, "tokenizer_config.json"), (v) => (v.model_max_length = 1e30)));
    await expect(load(sentinel)).rejects.toThrow(/tokenizer_config\.json has no usable model_max_length \(1e\+30\)/);
  });

  it("refuses at start-up a folder without tokenizer_config.json, naming folder and file", async () => {
    const missing = await variant("no-tokenizer-config", (f) => rm(path.join(f, "tokenizer_config.json")));
    await expect(load(missing)).rejects.toThrow(`Model folder ${path.join(root, missing)} (TRANSFORMERS_TEXT_MODEL) is missing tokenizer_config.json`);
    const noTokenizer = await variant("no-tokenizer", (f) => rm(path.join(f, "tokenizer.json")));
    await expect(load(noTokenizer)).rejects.toThrow(`Model folder ${path.join(root, noTokenizer)} (TRANSFORMERS_TEXT_MODEL) is missing tokenizer.json`);
  });

  it("prefixes queries and documents as config_sentence_transformers.json says, or as set", async () => {
    const prompts = await variant("e5", (f) => writeFile(path.join(f, "config_sentence_transformers.json"), JSON.stringify({ prompts: { query: "query: ", document: "passage: " } })));
    const e5 = await load(prompts);
    const plain = await load(await variant("plain-2"));
    const [query] = await e5.embedQueries!(["storm tide"]);
    const [doc] = await e5.embedTexts(["storm tide"]);
    expect(query).toEqual((await plain.embedTexts(["query: storm tide"]))[0]);
    expect(doc).toEqual((await plain.embedTexts(["passage: storm tide"]))[0]);
    const set = await load(await variant("nomic"), { queryPrefix: "search_query: " });
    expect((await set.embedQueries!(["storm tide"]))[0]).toEqual((await plain.embedTexts(["search_query: storm tide"]))[0]);
    // The prompt counts against the model's limit.
    expect(e5.tokenLimit!.countTokens("storm")).toBe(plain.tokenLimit!.countTokens("passage: storm"));
  });

  it("pools by the folder's 1_Pooling/config.json (CLS for BGE v1.5), or as set", async () => {
    const cls = await variant("bge", async (f) => {
      await mkdir(path.join(f, "1_Pooling"));
      await writeFile(path.join(f, "1_Pooling", "config.json"), JSON.stringify({ word_embedding_dimension: 32, pooling_mode_cls_token: true, pooling_mode_mean_tokens: false }));
    });
    const provider = await load(cls);
    // The reference: Transformers.js' own pipeline on the same folder (the provider pointed it there).
    const t = await import("@huggingface/transformers");
    const raw = await t.pipeline("feature-extraction", cls, { dtype: "fp32" });
    const text = "the cat saw the ship in the storm";
    const expected = (await raw([text], { pooling: "cls", normalize: true })).tolist() as number[][];
    const mean = (await raw([text], { pooling: "mean", normalize: true })).tolist() as number[][];
    expect((await provider.embedTexts([text]))[0]).toEqual(expected[0]);
    expect(expected[0]).not.toEqual(mean[0]);
    expect((await (await load(cls, { pooling: "mean" })).embedTexts([text]))[0]).toEqual(mean[0]);
  });

  it("loads a folder that holds only onnx/model_quantized.onnx, and the dtype setting picks the file", async () => {
    const q8 = await variant("quantized-only", (f) => rename(path.join(f, "onnx", "model.onnx"), path.join(f, "onnx", "model_quantized.onnx")));
    const provider = await load(q8);
    expect((await provider.embedTexts(["tide"]))[0]!.length).toBe(32);
    await expect(load(q8, { dtype: "fp32" })).rejects.toThrow(`Model folder ${path.join(root, q8)} (TRANSFORMERS_TEXT_MODEL) is missing onnx/model.onnx (the fp32 weights`);
  });

  it("names the model by folder and weights, so new weights under the same name are a new model", async () => {
    const first = await load(await variant("same-name"));
    expect(first.model).toMatch(/^same-name@[0-9a-f]{12}$/);
    await rm(path.join(root, "same-name"), { recursive: true });
    await variant("same-name", async (f) => {
      const file = path.join(f, "onnx", "model.onnx");
      const bytes = await readFile(file);
      // Flip one weight (well past the graph's header): the same architecture with other weights.
      bytes[bytes.length - 100] = bytes[bytes.length - 100]! ^ 0x01;
      await writeFile(file, bytes);
    });
    const second = await load("same-name");
    expect(second.model).toMatch(/^same-name@[0-9a-f]{12}$/);
    expect(second.model).not.toBe(first.model);
  });
});
